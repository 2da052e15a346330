package dev.earshot.protocol;

/** Checks shared by the records that carry numbers: JSON has no NaN or infinity. */
final class Times {

    private Times() {
    }

    static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
    }
}

package dev.earshot.client;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over a source that can only say whether there is more by fetching it: {@link
 * #hasNext()} fetches the next element and holds it until {@link #next()} hands it out.
 * Not thread-safe: one reader.
 */
abstract class LookAheadIterator<T> implements Iterator<T> {

    /** Fetched and not yet handed out; null when none is. */
    private T next;
    private boolean ended;

    /**
     * The next element, or null at the end, after which it is not called again. Called from
     * {@code hasNext} (and {@code next}); may block. What it throws reaches their caller, and the
     * next {@code hasNext} calls it again.
     */
    protected abstract T fetch();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = fetch();
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T element = next;
        next = null;
        return element;
    }
}

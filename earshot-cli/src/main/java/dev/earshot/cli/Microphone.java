package dev.earshot.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * A microphone through Java Sound: a {@link TargetDataLine} read as 16-bit mono little-endian
 * PCM ({@code pcm_s16le}) in fixed-size chunks, the seed's {@code iter_microphone}.
 *
 * <p>Lifecycle: {@link #open} starts capturing; iterate the chunks from one thread; {@link #close}
 * stops, and ends the iteration. {@code close} may be called from another thread.
 */
final class Microphone implements Iterator<byte[]>, AutoCloseable {

    private final TargetDataLine line;
    private final int chunkBytes;
    private volatile boolean closed;

    private Microphone(TargetDataLine line, int chunkBytes) {
        this.line = line;
        this.chunkBytes = chunkBytes;
    }

    /** The format every microphone is read in. */
    static AudioFormat format(int sampleRate) {
        return new AudioFormat(sampleRate, 16, 1, true, false);
    }

    /** Names of the mixers that can capture {@code format(sampleRate)}; empty without a microphone. */
    static List<String> devices(int sampleRate) {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format(sampleRate));
        List<String> names = new ArrayList<>();
        for (Mixer.Info mixer : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(mixer).isLineSupported(info)) {
                names.add(mixer.getName());
            }
        }
        return names;
    }

    /**
     * Opens and starts capturing.
     *
     * @param device a mixer name (or a part of one), or null for the system's default
     * @throws CommandFailure if there is no microphone, no such device, or it is busy
     */
    static Microphone open(int sampleRate, int chunkMs, String device) {
        AudioFormat format = format(sampleRate);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
        int chunkBytes = sampleRate * 2 * chunkMs / 1000;
        try {
            TargetDataLine line = device == null ? defaultLine(info, sampleRate) : namedLine(info, device, sampleRate);
            line.open(format, chunkBytes * 4);
            line.start();
            return new Microphone(line, chunkBytes);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new CommandFailure("cannot open the microphone (" + describe(format) + "): " + e.getMessage());
        }
    }

    private static TargetDataLine defaultLine(DataLine.Info info, int sampleRate) throws LineUnavailableException {
        if (!AudioSystem.isLineSupported(info)) {
            throw new CommandFailure("no microphone: Java Sound finds no capture device for "
                    + describe(format(sampleRate)) + " (earshot mic --list-devices lists them)");
        }
        return (TargetDataLine) AudioSystem.getLine(info);
    }

    private static TargetDataLine namedLine(DataLine.Info info, String device, int sampleRate)
            throws LineUnavailableException {
        for (Mixer.Info mixer : AudioSystem.getMixerInfo()) {
            if (mixer.getName().contains(device) && AudioSystem.getMixer(mixer).isLineSupported(info)) {
                return (TargetDataLine) AudioSystem.getMixer(mixer).getLine(info);
            }
        }
        throw new CommandFailure("no capture device named '" + device + "' for " + describe(format(sampleRate))
                + ": expected one of " + devices(sampleRate));
    }

    private static String describe(AudioFormat format) {
        return "16-bit mono " + (int) format.getSampleRate() + " Hz";
    }

    @Override
    public boolean hasNext() {
        return !closed;
    }

    /** Blocks until a whole chunk is captured; once {@link #close}d, returns what was captured. */
    @Override
    public byte[] next() {
        byte[] chunk = new byte[chunkBytes];
        int filled = 0;
        while (filled < chunk.length && !closed) {
            filled += line.read(chunk, filled, chunk.length - filled);
        }
        return filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled);
    }

    @Override
    public void close() {
        closed = true;
        line.stop();
        line.close();
    }
}

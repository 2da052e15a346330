package dev.earshot.audio;

/**
 * Averages interleaved channels into one. Stateless and thread-safe.
 */
final class Downmix {
  private Downmix() {
  }

  /**
   * Averages {@code frames} interleaved frames starting at {@code start}. Linear encodings stay as they are;
   * A-law and mu-law become 16-bit PCM, because their logarithmic codes cannot be averaged and re-encoding would
   * add a second round of companding noise.
   */
  static WavAudio toMono(AudioFormat format, int channels, byte[] interleaved, int start, int frames) {
    AudioEncoding in = format.encoding();
    AudioEncoding out = switch (in) {
      case PCM_MULAW, PCM_ALAW -> AudioEncoding.PCM_S16LE;
      case PCM_S16LE, PCM_S32LE, PCM_F16LE, PCM_F32LE -> in;
    };
    int inSize = in.bytesPerSample();
    int outSize = out.bytesPerSample();
    byte[] mono = new byte[frames * outSize];
    int offset = start;
    for (int frame = 0; frame < frames; frame++) {
      double sum = 0;
      for (int channel = 0; channel < channels; channel++) {
        sum += SampleCodec.linearValue(in, interleaved, offset);
        offset += inSize;
      }
      SampleCodec.writeLinear(out, sum / channels, mono, frame * outSize);
    }
    return new WavAudio(new AudioFormat(out, format.sampleRate()), mono);
  }
}

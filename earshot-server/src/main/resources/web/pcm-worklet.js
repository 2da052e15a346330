// AudioWorklet processor "pcm-s16le": mixes its input to mono, keeps every `decimate`-th
// average of `decimate` samples, converts to 16-bit little-endian PCM and posts chunks of
// `chunkSamples` samples to the page as transferred ArrayBuffers. Resampling to the engine's
// rate is left to the server, which filters properly; `decimate` only brings rates above the
// protocol's 48 kHz limit down to it (96 kHz / 2, 192 kHz / 4).
//
// Messages from the page: "flush" posts what is buffered (maybe nothing), then "flushed".

class PcmS16leProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { chunkSamples, decimate } = options.processorOptions;
    this.decimate = decimate;
    this.chunk = new Int16Array(chunkSamples);
    this.filled = 0;
    this.sum = 0;
    this.summed = 0;
    this.port.onmessage = (event) => {
      if (event.data === 'flush') {
        this.post();
        this.port.postMessage('flushed');
      }
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let mono = 0;
      for (const channel of channels) mono += channel[i];
      this.sum += mono / channels.length;
      if (++this.summed === this.decimate) {
        this.push(this.sum / this.decimate);
        this.sum = 0;
        this.summed = 0;
      }
    }
    return true;
  }

  push(sample) {
    const clamped = Math.max(-1, Math.min(1, sample));
    this.chunk[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.filled === this.chunk.length) this.post();
  }

  post() {
    if (this.filled === 0) return;
    // Int16Array is in the platform's byte order; every browser platform is little-endian.
    const buffer = this.chunk.slice(0, this.filled).buffer;
    this.port.postMessage(buffer, [buffer]);
    this.filled = 0;
  }
}

registerProcessor('pcm-s16le', PcmS16leProcessor);

package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleCodecTest {
  private static short decode(AudioEncoding encoding, int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return SampleCodec.toPcm16(encoding, raw, 0);
  }

  @ParameterizedTest
  @CsvSource({"0xFF, 0", "0x7F, 0", "0x00, -32124", "0x80, 32124", "0xFE, 8", "0x7E, -8", "0xEF, 132", "0xF0, 120"})
  void mulawFollowsG711(String code, int expected) {
    assertThat(decode(AudioEncoding.PCM_MULAW, Integer.decode(code))).isEqualTo((short) expected);
  }

  @ParameterizedTest
  @CsvSource({"0xD5, 8", "0x55, -8", "0xAA, 32256", "0x2A, -32256", "0xC5, 264", "0xF5, 528", "0xE5, 1056"})
  void alawFollowsG711(String code, int expected) {
    assertThat(decode(AudioEncoding.PCM_ALAW, Integer.decode(code))).isEqualTo((short) expected);
  }

  @Test
  void companderCodesAreSymmetricInSign() {
    byte[] code = new byte[1];
    for (int c = 0; c < 256; c++) {
      code[0] = (byte) c;
      short value = SampleCodec.toPcm16(AudioEncoding.PCM_MULAW, code, 0);
      short alaw = SampleCodec.toPcm16(AudioEncoding.PCM_ALAW, code, 0);
      code[0] = (byte) (c ^ 0x80);
      assertThat(SampleCodec.toPcm16(AudioEncoding.PCM_MULAW, code, 0)).isEqualTo((short) -value);
      assertThat(SampleCodec.toPcm16(AudioEncoding.PCM_ALAW, code, 0)).isEqualTo((short) -alaw);
    }
  }

  @ParameterizedTest
  @CsvSource({"0x0000, 0", "0x3C00, 32767", "0xBC00, -32767", "0x3800, 16384", "0xB400, -8192",
      "0x4000, 32767", "0x7C00, 32767", "0xFC00, -32767", "0x7E00, 0", "0x0001, 0"})
  void halfPrecisionFloatsAreClippedAndScaled(String bits, int expected) {
    int value = Integer.decode(bits);
    assertThat(decode(AudioEncoding.PCM_F16LE, value & 0xFF, value >> 8)).isEqualTo((short) expected);
  }

  @ParameterizedTest
  @CsvSource({"0.0, 0", "1.0, 32767", "-1.0, -32767", "0.5, 16384", "1.5, 32767", "-7.0, -32767",
      "0.0000152, 0", "0.0000153, 1"})
  void singlePrecisionFloatsAreClippedAndScaled(float value, int expected) {
    byte[] raw = Signals.f32le(value);
    assertThat(SampleCodec.toPcm16(AudioEncoding.PCM_F32LE, raw, 0)).isEqualTo((short) expected);
  }

  @Test
  void singlePrecisionNanIsSilence() {
    assertThat(SampleCodec.toPcm16(AudioEncoding.PCM_F32LE, Signals.f32le(Float.NaN), 0)).isZero();
  }

  @ParameterizedTest
  @CsvSource({"0x7FFFFFFF, 32767", "0x80000000, -32768", "0x00010000, 1", "0x00008000, 1", "0x00007FFF, 0",
      "0xFFFF8000, 0", "0xFFFF7FFF, -1", "0x12345678, 4660"})
  void int32IsRoundedToSixteenBits(String bits, int expected) {
    int value = Integer.parseUnsignedInt(bits.substring(2), 16);
    assertThat(SampleCodec.toPcm16(AudioEncoding.PCM_S32LE, Signals.s32le(value), 0)).isEqualTo((short) expected);
  }

  @Test
  void int16IsLittleEndian() {
    assertThat(decode(AudioEncoding.PCM_S16LE, 0x34, 0x12)).isEqualTo((short) 0x1234);
    assertThat(decode(AudioEncoding.PCM_S16LE, 0x00, 0x80)).isEqualTo(Short.MIN_VALUE);
    assertThat(decode(AudioEncoding.PCM_S16LE, 0xFF, 0xFF)).isEqualTo((short) -1);
  }

  @Test
  void linearValuesRoundTripThroughEachLinearEncoding() {
    byte[] buffer = new byte[4];
    SampleCodec.writeLinear(AudioEncoding.PCM_S32LE, -123456789, buffer, 0);
    assertThat(SampleCodec.linearValue(AudioEncoding.PCM_S32LE, buffer, 0)).isEqualTo(-123456789);
    SampleCodec.writeLinear(AudioEncoding.PCM_F32LE, 0.25, buffer, 0);
    assertThat(SampleCodec.linearValue(AudioEncoding.PCM_F32LE, buffer, 0)).isEqualTo(0.25);
    SampleCodec.writeLinear(AudioEncoding.PCM_F16LE, -0.5, buffer, 0);
    assertThat(SampleCodec.linearValue(AudioEncoding.PCM_F16LE, buffer, 0)).isEqualTo(-0.5);
    SampleCodec.writeLinear(AudioEncoding.PCM_S16LE, -1.5, buffer, 0);
    assertThat(SampleCodec.linearValue(AudioEncoding.PCM_S16LE, buffer, 0)).isEqualTo(-1);
  }

  @Test
  void companderEncodingsCannotBeWritten() {
    assertThatThrownBy(() -> SampleCodec.writeLinear(AudioEncoding.PCM_ALAW, 0, new byte[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write linear values as pcm_alaw: expected a linear PCM encoding");
  }
}

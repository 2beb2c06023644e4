package mixer.dsp.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian interleaved PCM bytes to and from float channels, one tight loop per encoding (no
 * per-sample dispatch). Integers map to floats as {@code n / 2^(bits-1)}, exactly; floats to integers
 * by clipping and rounding to nearest, without dither.
 */
final class PcmCodec {

    /** Sample encodings found in WAV files, little endian. */
    enum Encoding {
        U8(1), S16(2), S24(3), S32(4), F32(4), F64(8);

        final int bytes;

        Encoding(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final float S16_SCALE = 1f / (1 << 15);
    private static final float S24_SCALE = 1f / (1 << 23);
    private static final float S32_SCALE = 1f / (1L << 31);

    private PcmCodec() {
    }

    /**
     * Decodes {@code frames} frames of {@code channels} interleaved samples from {@code src} (from 0)
     * into {@code out[c][offset …]}, for {@code c < out.length}; extra source channels are skipped.
     */
    static void decode(Encoding enc, byte[] src, int frames, int channels, float[][] out, int offset) {
        if (frames <= 0) {
            return;
        }
        int stride = channels * enc.bytes;
        for (int c = 0; c < out.length; c++) {
            float[] dst = out[c];
            int p = c * enc.bytes;
            int end = offset + frames;
            switch (enc) {
                case U8 -> {
                    for (int i = offset; i < end; i++, p += stride) dst[i] = ((src[p] & 0xFF) - 128) * (1f / 128);
                }
                case S16 -> {
                    for (int i = offset; i < end; i++, p += stride) dst[i] = (short) SHORT.get(src, p) * S16_SCALE;
                }
                case S24 -> {
                    // read 4 bytes, keep the low 3 sign-extended; the last sample may sit at the array's end
                    int fast = p + (frames - 1) * stride + 4 <= src.length ? end : end - 1;
                    for (int i = offset; i < fast; i++, p += stride) dst[i] = ((int) INT.get(src, p) << 8 >> 8) * S24_SCALE;
                    for (int i = fast; i < end; i++, p += stride) {
                        dst[i] = ((src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8 | src[p + 2] << 16) * S24_SCALE;
                    }
                }
                case S32 -> {
                    for (int i = offset; i < end; i++, p += stride) dst[i] = (int) INT.get(src, p) * S32_SCALE;
                }
                case F32 -> {
                    for (int i = offset; i < end; i++, p += stride) dst[i] = (float) FLOAT.get(src, p);
                }
                case F64 -> {
                    for (int i = offset; i < end; i++, p += stride) dst[i] = (float) (double) DOUBLE.get(src, p);
                }
            }
        }
    }

    /**
     * Encodes {@code frames} frames from {@code in[c][offset …]} as interleaved little-endian samples
     * into {@code dst} (from 0). Only PCM_16/PCM_24/FLOAT_32 are written.
     */
    static void encode(SampleFormat format, float[][] in, int offset, int frames, byte[] dst) {
        int channels = in.length;
        int bytes = format.bytesPerSample();
        int stride = channels * bytes;
        for (int c = 0; c < channels; c++) {
            float[] src = in[c];
            int p = c * bytes;
            int end = offset + frames;
            switch (format) {
                case PCM_16 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        SHORT.set(dst, p, (short) clippedRound(src[i] * 32768f, -32768f, 32767f));
                    }
                }
                case PCM_24 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        int n = clippedRound(src[i] * 8388608f, -8388608f, 8388607f);
                        dst[p] = (byte) n;
                        dst[p + 1] = (byte) (n >> 8);
                        dst[p + 2] = (byte) (n >> 16);
                    }
                }
                case FLOAT_32 -> {
                    for (int i = offset; i < end; i++, p += stride) FLOAT.set(dst, p, src[i]);
                }
            }
        }
    }

    /**
     * Clips to [min, max], then rounds to nearest, halves away from zero; NaN becomes 0. The ±0.5 is
     * added in double, where it is exact (in float, 0.49999997 + 0.5 would round up to 1).
     */
    private static int clippedRound(float scaled, float min, float max) {
        double v = Math.max(min, Math.min(max, scaled)); // NaN stays NaN
        return (int) (v + Math.copySign(0.5, v));         // (int) truncates toward zero; NaN -> 0
    }
}

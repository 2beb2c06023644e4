package mixer.dsp.io;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_PROP_LOSSLESS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_PROP_LOSSY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_SCORE_EXTENSION;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format3;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_bytes_per_sample;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

import mixer.dsp.io.AudioFileException.Reason;

/**
 * Every format FFmpeg knows (FLAC, Ogg Vorbis, MP3, AAC, AIFF, …) through the JavaCPP presets,
 * block by block: libavformat demuxes, libavcodec decodes, and the decoded frames (any sample format,
 * planar or interleaved) are copied to float here in bulk: no resampling, so no libswresample. The
 * decoder applies the container's gapless information (MP3 LAME/Xing encoder delay and padding, Ogg
 * granule positions, FLAC's exact sample count). Decoded frames wait in a small queue until read.
 */
final class FfmpegInput extends AudioInput {

    /** AVERROR(EAGAIN) and AVERROR(EIO) on Linux (EAGAIN = 11, EIO = 5). */
    private static final int AVERROR_EAGAIN = -11;
    private static final int AVERROR_EIO = -5;

    /**
     * How far a lossy decode may fall short of the container's declared length before it counts as
     * truncated: an MP3's declared length counts the encoder delay and padding (1105 + up to 1152
     * frames for LAME), and FFmpeg decodes libvorbis streams 128 frames short of the length Ogg
     * declares (at the end). Lossless codecs (FLAC) must decode exactly what they declare. Ogg states
     * no length up front (FFmpeg reads the last page's), so a cut Ogg file just ends early.
     */
    private static final long LOSSY_SLACK_FRAMES = 4096;

    private final Decoder decoder;

    private FfmpegInput(Path file, Decoder d, int bits, boolean isFloat) {
        super(file, d.sampleRateHz, d.container, d.codecName, d.channels, bits, isFloat);
        this.decoder = d;
    }

    /**
     * FFmpeg logs every recoverable glitch to stderr, without the file's name; here failures become
     * exceptions that name the file, so its log is silenced, unless someone already changed the level
     * from FFmpeg's default (set it with {@code avutil.av_log_set_level} before the first read to debug).
     */
    private static final class Init {
        static {
            if (av_log_get_level() == AV_LOG_INFO) {
                av_log_set_level(AV_LOG_QUIET);
            }
        }

        static void ensure() {
        }
    }

    /** Opens the file's best audio stream and decodes its first frame (which settles the sample format). */
    static FfmpegInput open(Path file, long fileSize) throws AudioFileException {
        try {
            Init.ensure();
        } catch (LinkageError e) {
            throw new AudioFileException(file, Reason.UNSUPPORTED,
                    "cannot be decoded: FFmpeg's native libraries did not load on this machine (" + e + ")", e);
        }
        Decoder d = new Decoder(file, fileSize);
        boolean keep = false;
        try {
            d.open();
            d.prime();
            int bits = 0;
            boolean isFloat = false;
            if (d.lossless) {
                int decodedFormat = d.dec.sample_fmt();
                isFloat = isFloat(decodedFormat);
                AVCodecParameters par = d.stream.codecpar();
                bits = par.bits_per_raw_sample() > 0 ? par.bits_per_raw_sample()
                        : par.bits_per_coded_sample() > 0 ? par.bits_per_coded_sample()
                        : Math.max(8, av_get_bytes_per_sample(decodedFormat) * 8);
            }
            FfmpegInput in = new FfmpegInput(file, d, bits, isFloat);
            keep = true;
            return in;
        } catch (AudioFileException e) {
            throw d.explained(e);
        } finally {
            if (!keep) d.close();
        }
    }

    /** Unknown before the end: the declared length of a lossy file is approximate. */
    @Override
    public long frames() {
        return -1;
    }

    /**
     * The length the container declares, but never trusting a damaged header with a huge one: at most
     * 16 frames per byte of file (lossy at 22 kbit/s); beyond that the arrays grow.
     */
    @Override
    long capacityHint() {
        long plausible = Math.min(Integer.MAX_VALUE - 8, 16 * decoder.fileSize + (1 << 16));
        return decoder.declared > 0 ? Math.min(decoder.declared, plausible) : -1;
    }

    @Override
    int decode(float[][] stereo, int offset, int maxFrames) throws AudioFileException {
        try {
            return decoder.take(stereo, offset, maxFrames);
        } catch (AudioFileException e) {
            throw decoder.explained(e);
        }
    }

    @Override
    public void close() {
        decoder.close();
    }

    /** The native state of one decode, and the queue of decoded frames not yet read. */
    private static final class Decoder {
        final Path file;
        final long fileSize;
        final AVFormatContext fmt = new AVFormatContext(null);
        boolean opened;
        String container;
        boolean guessedFromName;
        AVStream stream;
        int index;
        String codecName;
        int channels;
        int sampleRateHz;
        boolean lossless;
        long declared = -1;
        AVCodecContext dec;
        AVPacket pkt;
        AVFrame frame;
        boolean ended;
        int readError;
        int lastError;
        long decodedFrames;
        long otherRateFrames;
        int otherRate;

        // decoded, not yet read: frames [head, tail) of left/right
        float[] left = new float[1 << 14];
        float[] right = new float[1 << 14];
        int head;
        int tail;
        private float[] scratch = new float[0];
        private short[] shorts = new short[0];
        private int[] ints = new int[0];
        private double[] doubles = new double[0];
        private byte[] bytes = new byte[0];

        Decoder(Path file, long fileSize) {
            this.file = file;
            this.fileSize = fileSize;
        }

        void open() throws AudioFileException {
            try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
                int r = avformat_open_input(fmt, url, (AVInputFormat) null, (AVDictionary) null);
                if (r < 0) {
                    String probed = probeContent(file);
                    if (probed == null) {
                        throw new AudioFileException(file, Reason.NOT_AUDIO,
                                "not an audio file FFmpeg can decode (" + error(r) + ")");
                    }
                    if (r == AVERROR_EOF || r == AVERROR_EIO) { // demuxers report a premature end as either
                        throw new AudioFileException(file, Reason.TRUNCATED,
                                "truncated: the " + probed + " file ends inside its header (" + error(r) + ")");
                    }
                    throw new AudioFileException(file, Reason.CORRUPT,
                            "a damaged " + probed + " file: FFmpeg cannot open it (" + error(r) + ")");
                }
            }
            opened = true;
            container = fmt.iformat().name().getString();
            // FFmpeg falls back on the file name when the content matches nothing ("misdetection possible")
            guessedFromName = fmt.probe_score() <= AVPROBE_SCORE_EXTENSION / 2;

            int r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                throw new AudioFileException(file, Reason.CORRUPT,
                        "corrupt " + container + " file: FFmpeg cannot find its streams (" + error(r) + ")");
            }
            index = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                throw new AudioFileException(file, Reason.NO_AUDIO, "has no audio stream (" + container
                        + " container" + (index == AVERROR_STREAM_NOT_FOUND ? "" : ", " + error(index)) + ")");
            }
            stream = fmt.streams(index);
            AVCodecParameters par = stream.codecpar();
            codecName = avcodec_get_name(par.codec_id()).getString();
            channels = par.channels();
            if (channels != 1 && channels != 2) {
                throw AudioReader.unsupportedChannels(file, channels);
            }
            sampleRateHz = AudioReader.checkedRate(file, par.sample_rate());
            if (par.codec_id() == AV_CODEC_ID_NONE) {
                throw new AudioFileException(file, Reason.UNSUPPORTED, String.format(
                        "has audio in an encoding FFmpeg does not know (%s codec tag 0x%04x, %d bits per sample)",
                        container, par.codec_tag(), par.bits_per_coded_sample()));
            }
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null || codec.isNull()) {
                throw new AudioFileException(file, Reason.UNSUPPORTED,
                        "has " + codecName + " audio, which this FFmpeg build cannot decode");
            }
            dec = avcodec_alloc_context3(codec);
            r = avcodec_parameters_to_context(dec, par);
            if (r >= 0) {
                r = avcodec_open2(dec, codec, (AVDictionary) null);
            }
            if (r < 0) {
                throw new AudioFileException(file, Reason.CORRUPT,
                        "cannot open its " + codecName + " decoder (" + error(r) + ")");
            }
            AVCodecDescriptor desc = avcodec_descriptor_get(par.codec_id());
            int props = desc == null || desc.isNull() ? 0 : desc.props();
            lossless = (props & AV_CODEC_PROP_LOSSLESS) != 0
                    && ((props & AV_CODEC_PROP_LOSSY) == 0 || par.bits_per_raw_sample() > 0); // WavPack: both flags
            declared = declaredFrames(fmt, stream, sampleRateHz);
            pkt = av_packet_alloc();
            frame = av_frame_alloc();
        }

        /** Decodes until the first frame is queued (or the stream ends, which fails: no samples). */
        void prime() throws AudioFileException {
            while (tail == head && !ended) pull();
        }

        /** Moves up to {@code max} queued frames out, decoding more first when the queue is empty. */
        int take(float[][] stereo, int offset, int max) throws AudioFileException {
            while (tail == head && !ended) pull();
            int n = Math.min(max, tail - head);
            System.arraycopy(left, head, stereo[0], offset, n);
            System.arraycopy(right, head, stereo[1], offset, n);
            head += n;
            return n;
        }

        /** Reads one packet of the stream and decodes it; at the end, flushes the decoder and checks the length. */
        private void pull() throws AudioFileException {
            int r;
            while ((r = av_read_frame(fmt, pkt)) >= 0) {
                boolean ours = pkt.stream_index() == index;
                if (ours) decode(pkt);
                av_packet_unref(pkt);
                if (ours) return;
            }
            if (r != AVERROR_EOF) readError = r;
            decode(null); // flush the decoder's delay line
            ended = true;
            checkEnd();
        }

        private void checkEnd() throws AudioFileException {
            // a few damaged MP3 frame headers claim another rate: skip those frames; more is a real change
            if (otherRateFrames > Math.max(decodedFrames / 100, 8192)) {
                throw new AudioFileException(file, Reason.UNSUPPORTED, String.format(
                        "changes sample rate mid-stream (%d Hz to %d Hz for %.2f s); resampling is not done here",
                        sampleRateHz, otherRate, otherRateFrames / (double) otherRate));
            }
            if (decodedFrames == 0) {
                int cause = lastError != 0 ? lastError : readError;
                throw new AudioFileException(file, cause != 0 ? Reason.CORRUPT : Reason.NO_AUDIO,
                        cause != 0
                                ? "corrupt " + codecName + " audio: nothing could be decoded (" + error(cause) + ")"
                                : "has no audio samples (" + container + "/" + codecName + ")");
            }
            long slack = lossless ? 0 : LOSSY_SLACK_FRAMES;
            if (declared > 0 && decodedFrames + slack < declared) {
                int cause = readError != 0 ? readError : lastError;
                throw new AudioFileException(file, Reason.TRUNCATED, String.format(
                        "truncated: the %s header declares %d frames (%.2f s) but only %d (%.2f s) could be decoded%s",
                        container, declared, declared / (double) sampleRateHz, decodedFrames, decodedFrames / (double) sampleRateHz,
                        cause != 0 ? " (" + error(cause) + ")" : ""));
            }
        }

        /** A failure of a file whose format was guessed from its name alone says that it is probably not audio. */
        AudioFileException explained(AudioFileException e) {
            if (!guessedFromName || e.reason() == Reason.TRUNCATED || e.reason() == Reason.NOT_AUDIO
                    || e.reason() == Reason.INVALID_SAMPLES) {
                return e; // a cut file whose few frames scored low is still a cut file
            }
            return new AudioFileException(file, Reason.NOT_AUDIO, "not an audio file FFmpeg can decode (its content"
                    + " matches no known format; read as " + container + " because of its name, it " + e.detail() + ")", e);
        }

        private void decode(AVPacket packet) throws AudioFileException {
            int r = avcodec_send_packet(dec, packet);
            if (r < 0 && r != AVERROR_EAGAIN && r != AVERROR_EOF) {
                lastError = r;
                return; // a damaged packet: skip it, as players do; the length check catches real loss
            }
            while ((r = avcodec_receive_frame(dec, frame)) >= 0) {
                if (frame.sample_rate() != sampleRateHz) {
                    otherRateFrames += frame.nb_samples(); // a damaged MP3 frame header, or a chained stream
                    otherRate = frame.sample_rate();
                    continue;
                }
                append(frame);
            }
            if (r != AVERROR_EAGAIN && r != AVERROR_EOF) {
                lastError = r;
            }
        }

        private void append(AVFrame frame) throws AudioFileException {
            int n = frame.nb_samples();
            int ch = frame.channels();
            if (n <= 0 || ch <= 0) {
                return;
            }
            if (tail + n > left.length) { // make room: drop what was read, then grow if still short
                int queued = tail - head;
                if (queued + n > left.length) {
                    int capacity = Math.max(queued + n, left.length * 2);
                    left = Arrays.copyOfRange(left, head, head + capacity);
                    right = Arrays.copyOfRange(right, head, head + capacity);
                } else {
                    System.arraycopy(left, head, left, 0, queued);
                    System.arraycopy(right, head, right, 0, queued);
                }
                head = 0;
                tail = queued;
            }
            int format = frame.format();
            if (format == AV_SAMPLE_FMT_FLTP) {
                new FloatPointer(frame.data(0)).get(left, tail, n);
                new FloatPointer(frame.data(ch > 1 ? 1 : 0)).get(right, tail, n);
            } else if (format == AV_SAMPLE_FMT_FLT) {
                float[] s = scratch(n * ch);
                new FloatPointer(frame.data(0)).get(s, 0, n * ch);
                deinterleave(s, n, ch);
            } else {
                planarOrInterleaved(frame, format, n, ch);
            }
            tail += n;
            decodedFrames += n;
        }

        private void planarOrInterleaved(AVFrame frame, int format, int n, int ch) throws AudioFileException {
            boolean planar = format == AV_SAMPLE_FMT_S16P || format == AV_SAMPLE_FMT_S32P
                    || format == AV_SAMPLE_FMT_DBLP || format == AV_SAMPLE_FMT_U8P;
            int count = planar ? n : n * ch;
            float[] s = scratch(count);
            int planes = planar ? Math.min(ch, 2) : 1;
            for (int plane = 0; plane < planes; plane++) {
                BytePointer data = frame.data(plane);
                if (format == AV_SAMPLE_FMT_S16 || format == AV_SAMPLE_FMT_S16P) {
                    if (shorts.length < count) shorts = new short[count];
                    new ShortPointer(data).get(shorts, 0, count);
                    for (int i = 0; i < count; i++) s[i] = shorts[i] * (1f / (1 << 15));
                } else if (format == AV_SAMPLE_FMT_S32 || format == AV_SAMPLE_FMT_S32P) {
                    if (ints.length < count) ints = new int[count];
                    new IntPointer(data).get(ints, 0, count);
                    for (int i = 0; i < count; i++) s[i] = ints[i] * (1f / (1L << 31));
                } else if (format == AV_SAMPLE_FMT_DBL || format == AV_SAMPLE_FMT_DBLP) {
                    if (doubles.length < count) doubles = new double[count];
                    new DoublePointer(data).get(doubles, 0, count);
                    for (int i = 0; i < count; i++) s[i] = (float) doubles[i];
                } else if (format == AV_SAMPLE_FMT_U8 || format == AV_SAMPLE_FMT_U8P) {
                    if (bytes.length < count) bytes = new byte[count];
                    data.get(bytes, 0, count);
                    for (int i = 0; i < count; i++) s[i] = ((bytes[i] & 0xFF) - 128) * (1f / 128);
                } else {
                    throw new AudioFileException(file, Reason.UNSUPPORTED, "decodes to sample format "
                            + av_get_sample_fmt_name(format).getString() + ", which is not handled");
                }
                if (!planar) {
                    deinterleave(s, n, ch);
                } else {
                    System.arraycopy(s, 0, plane == 0 ? left : right, tail, n);
                    if (ch == 1) System.arraycopy(s, 0, right, tail, n);
                }
            }
        }

        private void deinterleave(float[] s, int n, int ch) {
            int r = ch > 1 ? 1 : 0;
            for (int i = 0, p = 0; i < n; i++, p += ch) {
                left[tail + i] = s[p];
                right[tail + i] = s[p + r];
            }
        }

        private float[] scratch(int count) {
            if (scratch.length < count) scratch = new float[count];
            return scratch;
        }

        void close() {
            if (frame != null) av_frame_free(frame);
            if (pkt != null) av_packet_free(pkt);
            if (dec != null) avcodec_free_context(dec);
            frame = null;
            pkt = null;
            dec = null;
            if (opened && !fmt.isNull()) avformat_close_input(fmt);
            opened = false;
        }
    }

    /**
     * The format FFmpeg recognises from the first bytes alone (not the name), or null: tells a damaged
     * audio file from a file that is not audio at all when FFmpeg cannot open it.
     */
    private static String probeContent(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 20);
        } catch (IOException e) {
            return null;
        }
        try (BytePointer buf = new BytePointer((long) head.length + AVPROBE_PADDING_SIZE);
             BytePointer empty = new BytePointer("");
             AVProbeData pd = new AVProbeData();
             IntPointer score = new IntPointer(1)) {
            buf.zero();
            buf.put(head, 0, head.length);
            pd.zero();
            pd.buf(buf).buf_size(head.length).filename(empty).mime_type(empty);
            AVInputFormat f = av_probe_input_format3(pd, 1, score);
            return f == null || f.isNull() || score.get() <= AVPROBE_SCORE_EXTENSION / 2 ? null : f.name().getString();
        }
    }

    /** The length the container declares (FLAC STREAMINFO, MP3 Xing frames, Ogg last granule), or -1. */
    private static long declaredFrames(AVFormatContext fmt, AVStream stream, int sampleRateHz) {
        if (fmt.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE) {
            return -1; // a guess from the file size: a truncated file agrees with it
        }
        long duration = stream.duration();
        if (duration != AV_NOPTS_VALUE && duration > 0) {
            AVRational tb = stream.time_base();
            return Math.round(duration * (double) tb.num() * sampleRateHz / tb.den());
        }
        return -1;
    }

    private static boolean isFloat(int sampleFormat) {
        return sampleFormat == AV_SAMPLE_FMT_FLT || sampleFormat == AV_SAMPLE_FMT_FLTP
                || sampleFormat == AV_SAMPLE_FMT_DBL || sampleFormat == AV_SAMPLE_FMT_DBLP;
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "FFmpeg error " + code;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}

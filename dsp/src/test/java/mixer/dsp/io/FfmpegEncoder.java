package mixer.dsp.io;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_SMALL_LAST_FRAME;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_MONO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CH_LAYOUT_STEREO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.io.IOException;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

import mixer.dsp.Audio;

/**
 * Test fixtures encoded in-process through the FFmpeg presets (no ffmpeg binary needed): the
 * presets' build has the FLAC encoder, libmp3lame, and FFmpeg's own (experimental) Vorbis encoder.
 */
final class FfmpegEncoder {

    /** What to encode with: the encoder, its input sample format, and its settings. */
    enum Codec {
        FLAC_16("flac", AV_SAMPLE_FMT_S16, 0, 0),
        FLAC_24("flac", AV_SAMPLE_FMT_S32, 24, 0),
        MP3_192K("libmp3lame", AV_SAMPLE_FMT_FLTP, 0, 192_000),
        VORBIS("vorbis", AV_SAMPLE_FMT_FLTP, 0, 0),
        WAVPACK_FLOAT("wavpack", AV_SAMPLE_FMT_FLTP, 0, 0);

        final String encoder;
        final int sampleFormat;
        final int bitsPerRawSample;
        final long bitRate;

        Codec(String encoder, int sampleFormat, int bitsPerRawSample, long bitRate) {
            this.encoder = encoder;
            this.sampleFormat = sampleFormat;
            this.bitsPerRawSample = bitsPerRawSample;
            this.bitRate = bitRate;
        }
    }

    private FfmpegEncoder() {
    }

    /**
     * Encodes the first {@code channels} channels of {@code audio} into {@code out}; the container
     * follows the extension (.flac, .mp3, .ogg).
     */
    static void encode(Audio audio, int channels, Codec codec, Path out) throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        AVCodecContext c = null;
        AVFrame frame = null;
        AVPacket pkt = null;
        try {
            check(avformat_alloc_output_context2(oc, (AVOutputFormat) null, (String) null, out.toString()), "output context");
            AVCodec enc = avcodec_find_encoder_by_name(codec.encoder);
            if (enc == null || enc.isNull()) {
                throw new IOException("no encoder " + codec.encoder + " in the FFmpeg presets");
            }
            AVStream st = avformat_new_stream(oc, (AVCodec) null);
            c = avcodec_alloc_context3(enc);
            int rate = audio.sampleRateHz();
            c.sample_fmt(codec.sampleFormat);
            c.sample_rate(rate);
            c.channels(channels);
            c.channel_layout(channels == 1 ? AV_CH_LAYOUT_MONO : AV_CH_LAYOUT_STEREO);
            c.time_base(av_make_q(1, rate));
            c.strict_std_compliance(AVCodecContext.FF_COMPLIANCE_EXPERIMENTAL); // FFmpeg's Vorbis encoder
            if (codec.bitsPerRawSample > 0) c.bits_per_raw_sample(codec.bitsPerRawSample);
            if (codec.bitRate > 0) c.bit_rate(codec.bitRate);
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            check(avcodec_open2(c, enc, (AVDictionary) null), "open " + codec.encoder);
            check(avcodec_parameters_from_context(st.codecpar(), c), "stream parameters");
            st.time_base(c.time_base());
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "write header");

            boolean anySize = (enc.capabilities() & (AV_CODEC_CAP_VARIABLE_FRAME_SIZE | AV_CODEC_CAP_SMALL_LAST_FRAME)) != 0;
            int frameSize = c.frame_size() > 0 ? c.frame_size() : 1024;
            frame = av_frame_alloc();
            frame.format(codec.sampleFormat).channels(channels).sample_rate(rate).nb_samples(frameSize);
            frame.channel_layout(c.channel_layout());
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            pkt = av_packet_alloc();
            int total = audio.frames();
            short[] s16 = new short[frameSize * channels];
            int[] s32 = new int[frameSize * channels];
            float[] flt = new float[frameSize];
            for (int pos = 0; pos < total; pos += frameSize) {
                int n = Math.min(frameSize, total - pos);
                check(av_frame_make_writable(frame), "writable frame");
                frame.nb_samples(anySize ? n : frameSize);
                for (int ch = 0; ch < channels; ch++) {
                    float[] src = audio.stereo()[ch];
                    if (codec.sampleFormat == AV_SAMPLE_FMT_FLTP) {
                        java.util.Arrays.fill(flt, 0f);
                        System.arraycopy(src, pos, flt, 0, n);
                        new FloatPointer(frame.data(ch)).put(flt, 0, frameSize);
                    } else {
                        for (int i = 0; i < frameSize; i++) {
                            float v = i < n ? src[pos + i] : 0f;
                            s16[i * channels + ch] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32768f)));
                            s32[i * channels + ch] = Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608f))) << 8;
                        }
                    }
                }
                if (codec.sampleFormat == AV_SAMPLE_FMT_S16) new ShortPointer(frame.data(0)).put(s16, 0, frameSize * channels);
                if (codec.sampleFormat == AV_SAMPLE_FMT_S32) new IntPointer(frame.data(0)).put(s32, 0, frameSize * channels);
                frame.pts(pos);
                check(avcodec_send_frame(c, frame), "encode");
                drain(oc, c, st, pkt);
            }
            check(avcodec_send_frame(c, null), "flush");
            drain(oc, c, st, pkt);
            check(av_write_trailer(oc), "write trailer");
        } finally {
            if (frame != null) av_frame_free(frame);
            if (pkt != null) av_packet_free(pkt);
            if (c != null) avcodec_free_context(c);
            if (!oc.isNull()) {
                if (oc.pb() != null && !oc.pb().isNull()) avio_closep(oc.pb());
                avformat_free_context(oc);
            }
        }
    }

    private static void drain(AVFormatContext oc, AVCodecContext c, AVStream st, AVPacket pkt) throws IOException {
        AVRational codecTb = c.time_base();
        while (avcodec_receive_packet(c, pkt) == 0) {
            av_packet_rescale_ts(pkt, codecTb, st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "write packet");
        }
    }

    private static void check(int r, String what) throws IOException {
        if (r < 0) {
            throw new IOException("FFmpeg: " + what + " failed (" + FfmpegInput.error(r) + ")");
        }
    }
}

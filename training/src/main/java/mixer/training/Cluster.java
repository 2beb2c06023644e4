package mixer.training;

import mixer.dataset.TrackJobs;

import java.io.IOException;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A cluster that builds datasets and trains models for corpora beyond one machine: a build's work on each track runs
 * as one task per track ({@link #trackJobs}), and a training run's epochs are taken data-parallel ({@link #steps}),
 * with the same manifest, checkpoints and bundles as in one process. The engine (Apache Spark, module {@code scale})
 * is found on the class path, so that the default build carries none of it.
 */
public interface Cluster extends AutoCloseable {

    /** Connects to a cluster; implemented by the engine's module and listed in its META-INF/services. */
    interface Engine {
        Cluster connect(String master, Consumer<String> log) throws IOException;
    }

    TrackJobs trackJobs(Consumer<String> log);

    Trainer.Steps steps(Consumer<String> log);

    @Override
    void close();

    /** The cluster at {@code master} ("local[2]", "spark://host:7077", "yarn"), through the engine on the class path. */
    static Cluster connect(String master, Consumer<String> log) throws IOException {
        for (Engine engine : ServiceLoader.load(Engine.class)) return engine.connect(master, log);
        throw new IOException("--spark " + master + " needs mixer's Spark module (scale/), which this build leaves out: "
                + "./mixer builds and uses it when a command has --spark; to run the jar yourself use scale/target/mixer-spark.jar "
                + "(`./mvnw -pl scale -am package -DskipTests`)");
    }
}

package org.rtrain.perturb;

import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the sign perturbation on one thread against a plain copy of the same FLOAT array.
 *
 * <p>The baseline is {@code dst.assign(src)}: ND4J's copy of one off-heap array into another, which
 * reads and writes each element once, as the operator does; it is native {@code memcpy}, which
 * switches to non-temporal stores on arrays of a few hundred MB, something Java code cannot issue.
 * {@code copyBuffer} copies the same off-heap buffers from Java ({@code FloatBuffer.put}, HotSpot's
 * copy stub): the fastest copy the JVM itself can do. For context, {@code heapArraycopy} copies
 * Java heap arrays of the same size. {@code legacy*} is the
 * implementation this module had before (a Bernoulli float per element, then {@code muli},
 * {@code addi} and a multiply; the backward pass multiplies by the stored multiplier array).
 * Throughput in GB/s counts 8 bytes per element (4 read, 4 written) for every benchmark.
 *
 * <p>Run with {@code mvn -o -pl perturb-core -Pjmh test-compile exec:exec} (the profile sets
 * {@code OMP_NUM_THREADS=1} so ND4J's operations use one thread, like the operator).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SignPerturbationBenchmark {

    @Param({"1048576", "16777216", "67108864"})
    public int elements;

    @Param({"0.5"})
    public double growProbability;

    private INDArray src;
    private INDArray dst;
    private INDArray gradient;
    private FloatBuffer srcBuffer;
    private FloatBuffer dstBuffer;
    private float[] heapSrc;
    private float[] heapDst;
    private SignPerturbation perturbation;
    private LegacySignPerturbation legacy;

    @Setup
    public void setUp() {
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getRandom().setSeed(42);
        src = Nd4j.rand(DataType.FLOAT, elements).subi(0.5);
        dst = Nd4j.createUninitialized(DataType.FLOAT, elements);
        gradient = Nd4j.rand(DataType.FLOAT, elements);
        srcBuffer = src.data().asNioFloat();
        dstBuffer = dst.data().asNioFloat();
        heapSrc = src.toFloatVector();
        heapDst = new float[elements];
        perturbation = new SignPerturbation(0.1, growProbability);
        perturbation.applyDropout(src, dst, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        legacy = new LegacySignPerturbation(0.1, growProbability);
        legacy.forward(src, dst);
    }

    @Benchmark
    public INDArray copyAssign() {
        return dst.assign(src);
    }

    @Benchmark
    public FloatBuffer copyBuffer() {
        return dstBuffer.put(0, srcBuffer, 0, elements);
    }

    @Benchmark
    public float[] heapArraycopy() {
        System.arraycopy(heapSrc, 0, heapDst, 0, elements);
        return heapDst;
    }

    @Benchmark
    public INDArray forward() {
        return perturbation.applyDropout(src, dst, 0, 0, LayerWorkspaceMgr.noWorkspaces());
    }

    /** Out of place, so repeated calls do not drift the gradient towards denormals. */
    @Benchmark
    public INDArray backward() {
        return perturbation.backprop(gradient, dst, 0, 0);
    }

    @Benchmark
    public INDArray legacyForward() {
        return legacy.forward(src, dst);
    }

    @Benchmark
    public INDArray legacyBackward() {
        return legacy.backward(gradient, dst);
    }

    /** The operator as this module implemented it before, kept here as the baseline only. */
    static final class LegacySignPerturbation {
        private final double epsilon;
        private final double growProbability;
        private INDArray multiplier;

        LegacySignPerturbation(double epsilon, double growProbability) {
            this.epsilon = epsilon;
            this.growProbability = growProbability;
        }

        INDArray forward(INDArray x, INDArray out) {
            if (multiplier == null) {
                multiplier = Nd4j.createUninitialized(x.dataType(), x.shape());
            }
            Nd4j.getExecutioner().exec(new BernoulliDistribution(multiplier, growProbability), Nd4j.getRandom());
            multiplier.muli(2.0 * epsilon).addi(1.0 - epsilon);
            return x.mul(multiplier, out);
        }

        INDArray backward(INDArray gradient, INDArray out) {
            return gradient.mul(multiplier, out);
        }
    }
}

package org.rtrain.experiments.bench.pytorch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * PyTorch's eager CPU training and attack of the bench's networks, through DJL's PyTorch engine: the same LeNet
 * (Caffe's: conv 20 5x5, max-pool 2, conv 50 5x5, max-pool 2, dense 500 ReLU, dropout 0.5, dense 10, softmax
 * cross-entropy; SGD with momentum 0.9, lr 0.01, weight decay 5e-4), PGD with 40 steps of eps/30 from a random start
 * at eps 0.1 on that LeNet in inference mode (the gradient of the input only, as {@code torch.autograd.grad} takes
 * it), and the same WRN-16-4 (pre-activation blocks, 1x1 strided shortcuts reading the block's first BN-ReLU, dropout
 * 0.3, no convolution biases; SGD with Nesterov momentum 0.9, lr 0.1, weight decay 5e-4) on 32x32x3 inputs, all
 * NCHW, PyTorch's layout.
 *
 * <p>Usage: {@code DjlPyTorchWorker LENET_BATCH PGD_BATCH WRN_BATCH THREADS}. It prints one JSON line describing the
 * build, then reads requests {@code WORKLOAD STEPS} ({@code lenet}, {@code pgd} or {@code wrn}) from standard input,
 * one a line, runs that many steps (a PGD step attacks one batch) and prints one JSON line with their seconds. It
 * is the protocol of the Python reference script, so {@code rtrain bench} drives either. With {@code --probe} it
 * runs one step of each workload and exits: run with {@code ONEDNN_VERBOSE=1 MKL_VERBOSE=1}, its output names the
 * kernels PyTorch chose. Data are random pixels and labels (step time does not depend on their values), 16 batches
 * cycled, copied from Java arrays into tensors each step as a loader would.
 *
 * <p>The natives come from the {@code pytorch-native-cpu} jar on the class path; run with
 * {@code -Dai.djl.offline=true} so that DJL never tries the network.
 */
public final class DjlPyTorchWorker {

    private static final int POOL = 16;
    private static final double PGD_EPSILON = 0.1;
    private static final int PGD_STEPS = 40;

    private final NDManager manager;
    private final Engine engine;
    private final Workload lenet;
    private final Workload wrn;
    private final int pgdBatch;
    private final SplittableRandom random = new SplittableRandom(1);

    private DjlPyTorchWorker(Engine engine, int lenetBatch, int pgdBatch, int wrnBatch) {
        this.engine = engine;
        this.manager = engine.newBaseManager();
        this.pgdBatch = pgdBatch;
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f)
                .optWeightDecays(5e-4f).build();
        this.lenet = new Workload(manager, lenet(), new Shape(lenetBatch, 1, 28, 28),
                (id, weight, gradient) -> sgd.update(id, weight, gradient), random);
        this.wrn = new Workload(manager, wideResNet(16, 4, 0.3f), new Shape(wrnBatch, 3, 32, 32),
                new Nesterov(manager, 0.1f, 0.9f, 5e-4f), random);
    }

    public static void main(String[] args) throws Exception {
        boolean probe = args.length > 0 && args[0].equals("--probe");
        int offset = probe ? 1 : 0;
        if (args.length != offset + 4) {
            System.err.println("usage: DjlPyTorchWorker [--probe] LENET_BATCH PGD_BATCH WRN_BATCH THREADS");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[offset + 3]);
        // PtEngine reads these when it starts: torch.set_num_threads and set_num_interop_threads.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // DJL's own log lines go to standard error, never into the protocol.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(1);
        DjlPyTorchWorker worker = new DjlPyTorchWorker(engine, Integer.parseInt(args[offset]),
                Integer.parseInt(args[offset + 1]), Integer.parseInt(args[offset + 2]));
        Map<String, IntConsumer> workloads = new LinkedHashMap<>();
        workloads.put("lenet", worker.lenet::train);
        workloads.put("pgd", worker::pgd);
        workloads.put("wrn", worker.wrn::train);
        if (probe) {
            workloads.values().forEach(w -> w.accept(1));
            return;
        }
        List<String> capabilities = new ArrayList<>();
        for (String capability : List.of(StandardCapabilities.MKL, StandardCapabilities.MKLDNN,
                StandardCapabilities.OPENMP)) {
            if (engine.hasCapability(capability)) {
                capabilities.add(capability.equals(StandardCapabilities.MKLDNN) ? "oneDNN" : capability);
            }
        }
        protocol.println(String.format(Locale.ROOT, "{\"torch\": \"%s\", \"threads\": %d, \"blas\": \"%s\", "
                        + "\"via\": \"DJL %s PyTorch engine\", \"kernels\": \"%s\", \"parameters\": {\"lenet\": %d, "
                        + "\"wrn\": %d}}", engine.getVersion(), threads,
                engine.hasCapability(StandardCapabilities.MKL) ? "MKL" : "unknown", Engine.getDjlVersion(),
                String.join(", ", capabilities), parameters(worker.lenet.block), parameters(worker.wrn.block)));
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = requests.readLine()) != null; ) {
            String[] request = line.trim().split("\\s+");
            IntConsumer workload = workloads.get(request[0]);
            if (request.length != 2 || workload == null) {
                protocol.println("{\"error\": \"expected WORKLOAD STEPS with a workload of " + workloads.keySet()
                        + ", got '" + line.trim() + "'\"}");
                continue;
            }
            int steps = Integer.parseInt(request[1]);
            long start = System.nanoTime();
            workload.accept(steps);
            double seconds = (System.nanoTime() - start) / 1e9;
            protocol.println(String.format(Locale.ROOT, "{\"workload\": \"%s\", \"steps\": %d, \"seconds\": %.6f}",
                    request[0], steps, seconds));
        }
    }

    /** Every parameter's element count, batch normalisation's running statistics included (as DL4J counts them). */
    private static long parameters(Block block) {
        long count = 0;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            count += parameter.getValue().getArray().size();
        }
        return count;
    }

    /** {@code steps} batches of PGD on the LeNet as trained so far, in inference mode. */
    private void pgd(int steps) {
        Shape shape = lenet.shape.slice(1);
        Shape batchShape = new Shape(pgdBatch).addAll(shape);
        float step = (float) (PGD_EPSILON / 30);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        // Only the input's gradient, as torch.autograd.grad(loss, x) takes it: no parameter gradients.
        for (Pair<String, Parameter> parameter : lenet.block.getParameters()) {
            parameter.getValue().getArray().setRequiresGradient(false);
        }
        try {
            for (int i = 0; i < steps; i++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.create(lenet.images(batchShape), batchShape);
                    NDArray y = batch.create(lenet.labels(pgdBatch), new Shape(pgdBatch));
                    NDArray lower = x.sub(PGD_EPSILON).maximum(0f);
                    NDArray upper = x.add(PGD_EPSILON).minimum(1f);
                    NDArray adversarial = x.add(batch.randomUniform((float) -PGD_EPSILON, (float) PGD_EPSILON,
                            batchShape)).maximum(lower).minimum(upper);
                    for (int s = 0; s < PGD_STEPS; s++) {
                        try (NDManager stepManager = batch.newSubManager()) {
                            adversarial.setRequiresGradient(true);
                            adversarial.tempAttach(stepManager);
                            try (GradientCollector collector = engine.newGradientCollector()) {
                                NDList logits = lenet.block.forward(lenet.parameters, new NDList(adversarial), false);
                                collector.backward(loss.evaluate(new NDList(y), logits));
                            }
                            NDArray next = adversarial.add(adversarial.getGradient().sign().mul(step))
                                    .maximum(lower).minimum(upper);
                            next.attach(batch);
                            adversarial = next;
                        }
                    }
                }
            }
        } finally {
            for (Pair<String, Parameter> parameter : lenet.block.getParameters()) {
                parameter.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /** One parameter's optimiser step. */
    private interface Update {
        void apply(String id, NDArray weight, NDArray gradient);
    }

    /**
     * SGD with Nesterov momentum as PyTorch's {@code SGD(nesterov=True)} computes it (DJL's {@code Nag} is not
     * implemented by its PyTorch engine): {@code g += wd w; b = m b + g; w -= lr (g + m b)}.
     */
    private static final class Nesterov implements Update {

        private final NDManager manager;
        private final float learningRate;
        private final float momentum;
        private final float weightDecay;
        private final Map<String, NDArray> buffers = new LinkedHashMap<>();

        Nesterov(NDManager manager, float learningRate, float momentum, float weightDecay) {
            this.manager = manager;
            this.learningRate = learningRate;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
        }

        @Override
        public void apply(String id, NDArray weight, NDArray gradient) {
            NDArray g = gradient.add(weight.mul(weightDecay));
            NDArray buffer = buffers.computeIfAbsent(id, k -> manager.zeros(weight.getShape()));
            buffer.muli(momentum).addi(g);
            weight.subi(g.addi(buffer.mul(momentum)).muli(learningRate));
        }
    }

    /** A network, its optimiser and a pool of random batches. */
    private static final class Workload {

        final Block block;
        final Shape shape;
        final ParameterStore parameters;
        private final NDManager manager;
        private final Update optimizer;
        private final List<float[]> images = new ArrayList<>();
        private final List<float[]> labels = new ArrayList<>();
        private final SplittableRandom random;
        private int next;

        Workload(NDManager manager, Block block, Shape shape, Update optimizer, SplittableRandom random) {
            this.manager = manager;
            this.block = block;
            this.shape = shape;
            this.optimizer = optimizer;
            this.random = random;
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, shape);
            this.parameters = new ParameterStore(manager, false);
            for (int i = 0; i < POOL; i++) {
                images.add(images(shape));
                labels.add(labels(shape.get(0)));
            }
        }

        float[] images(Shape shape) {
            float[] pixels = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            return pixels;
        }

        float[] labels(long count) {
            float[] values = new float[Math.toIntExact(count)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(10);
            }
            return values;
        }

        /** {@code steps} training steps: forward, softmax cross-entropy, backward, optimiser update. */
        void train(int steps) {
            Loss loss = Loss.softmaxCrossEntropyLoss();
            for (int i = 0; i < steps; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(images.get(next), shape);
                    NDArray y = step.create(labels.get(next), new Shape(shape.get(0)));
                    next = (next + 1) % POOL;
                    try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                        NDList output = block.forward(parameters, new NDList(x), true);
                        collector.backward(loss.evaluate(new NDList(y), output));
                    }
                    for (Pair<String, Parameter> parameter : block.getParameters()) {
                        if (!parameter.getValue().requiresGradient()) {
                            continue; // batch normalisation's running statistics
                        }
                        NDArray weight = parameter.getValue().getArray();
                        NDArray gradient = weight.getGradient();
                        gradient.tempAttach(step);
                        optimizer.apply(parameter.getValue().getId(), weight, gradient);
                        gradient.subi(gradient);
                    }
                }
            }
        }
    }

    private static Block lenet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(20).build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(50).build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(500).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build());
    }

    /** WRN-d-k as the project's WideResNet builds it, for 32x32 inputs and 10 classes. */
    static Block wideResNet(int depth, int widen, float dropRate) {
        int blocksPerStage = (depth - 4) / 6;
        SequentialBlock net = new SequentialBlock().add(conv(3, 16, 1));
        int width = 16;
        for (int stage = 0; stage < 3; stage++) {
            int out = (16 << stage) * widen;
            for (int i = 0; i < blocksPerStage; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                SequentialBlock residual = new SequentialBlock().add(conv(3, out, stride)).add(batchNorm())
                        .add(Activation::relu).add(Dropout.builder().optRate(dropRate).build()).add(conv(3, out, 1));
                if (width != out || stride != 1) {
                    // The shortcut reads the block's first BN-ReLU, as in the authors' code.
                    net.add(batchNorm()).add(Activation::relu).add(sum(residual, conv(1, out, stride)));
                } else {
                    net.add(sum(new SequentialBlock().add(batchNorm()).add(Activation::relu).add(residual),
                            Blocks.identityBlock()));
                }
                width = out;
            }
        }
        return net.add(batchNorm()).add(Activation::relu).add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    private static Block sum(Block residual, Block shortcut) {
        return new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow()
                .add(outputs.get(1).singletonOrThrow())), List.of(residual, shortcut));
    }

    private static Block conv(int kernel, int channels, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(channels)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().build();
    }
}

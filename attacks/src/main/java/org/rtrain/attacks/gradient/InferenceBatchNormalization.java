package org.rtrain.attacks.gradient;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.perturb.backend.LayerInstantiation;

/**
 * A batch-normalisation layer configuration that computes the inference-mode function
 * {@code gamma * (x - mean) / sqrt(var + eps) + beta} on the running statistics in training mode too,
 * with the backward pass of that function: how {@link InputGradient}'s inference twin gets a batch-norm
 * network's inference-mode input gradient.
 *
 * <p>DL4J's own training-mode pass normalises with the batch's statistics, and its backward pass
 * differentiates through them; neither is the deployed network. This configuration is a subclass of
 * DL4J's {@link BatchNormalization} with every setting copied, so it keeps DL4J's parameter
 * initializer and therefore the flattened parameter layout (gamma, beta, mean, then log10 of the
 * standard deviation with {@code useLogStd}, DL4J's default, or the variance without it): the twin's
 * parameters stay a view of the original network's. Its running statistics never move: their
 * "gradients" (DL4J's update of the estimates) are zero.
 */
final class InferenceBatchNormalization extends BatchNormalization {

    private static final long serialVersionUID = 1L;

    /** For DL4J's cloning only; use {@link #of}. */
    InferenceBatchNormalization() {
    }

    /** A copy of {@code layer} (every field, down to DL4J's base classes) that runs in inference mode. */
    static InferenceBatchNormalization of(BatchNormalization layer) {
        InferenceBatchNormalization copy = new InferenceBatchNormalization();
        // The configuration has no copy constructor and a private builder constructor; copying the fields
        // keeps every setting, including ones this class does not know about.
        for (Class<?> type = BatchNormalization.class; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(copy, field.get(layer));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("InputGradient: cannot copy field " + type.getSimpleName() + "."
                            + field.getName() + " of batch-norm layer '" + layer.getLayerName() + "'", e);
                }
            }
        }
        return copy;
    }

    @Override
    public InferenceBatchNormalization clone() {
        return (InferenceBatchNormalization) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerInstantiation.wire(new Implementation(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    /** The layer: {@code y = x * scale + shift} per channel, {@code scale = gamma / sqrt(var + eps)}. */
    static final class Implementation extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {

        private static final long serialVersionUID = 1L;

        Implementation(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            return preOutput(input, TrainingMode.TEST, workspaceMgr);
        }

        @Override
        public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
            INDArray in = x.castTo(dataType);
            int channelAxis = channelAxis(in);
            INDArray scale = scale();
            INDArray shift = param(BatchNormalizationParamInitializer.BETA, layerConf().getBeta())
                    .sub(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).mul(scale));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, in.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(in, scale, out, channelAxis));
            Nd4j.getExecutioner().exec(new BroadcastAddOp(out, shift, out, channelAxis));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray in = input.castTo(dataType);
            int channelAxis = channelAxis(in);
            int[] otherAxes = channelAxis == 1 ? (in.rank() == 2 ? new int[] {0} : new int[] {0, 2, 3})
                    : new int[] {0, 1, 2};
            INDArray scale = scale();
            INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                    epsilon.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, scale, inputGradient, channelAxis));

            Gradient gradient = new DefaultGradient();
            if (!layerConf().isLockGammaBeta()) {
                // xHat = (x - mean) / std = (x - mean) * scale / gamma; dL/dgamma = sum(epsilon * xHat).
                INDArray xHat = Nd4j.createUninitialized(dataType, in.shape(), 'c');
                Nd4j.getExecutioner().exec(new BroadcastSubOp(in,
                        getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), xHat, channelAxis));
                Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, inverseStd(), xHat, channelAxis));
                INDArray gammaGradient = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
                INDArray betaGradient = gradientViews.get(BatchNormalizationParamInitializer.BETA);
                gammaGradient.assign(epsilon.mul(xHat).sum(otherAxes).reshape(gammaGradient.shape()));
                betaGradient.assign(epsilon.sum(otherAxes).reshape(betaGradient.shape()));
                gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, gammaGradient);
                gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, betaGradient);
            }
            String spread = layerConf().isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR;
            for (String statistic : new String[] {BatchNormalizationParamInitializer.GLOBAL_MEAN, spread}) {
                gradient.setGradientFor(statistic, gradientViews.get(statistic).assign(0));
            }
            return new Pair<>(gradient, inputGradient);
        }

        /** {@code 1 / sqrt(var + eps)} from the running estimate, as DL4J's inference pass computes it. */
        private INDArray inverseStd() {
            INDArray variance;
            if (layerConf().isUseLogStd()) {
                INDArray std = Transforms.pow(Nd4j.valueArrayOf(
                        getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).shape(), 10.0, dataType),
                        getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), false);
                variance = std.muli(std);
            } else {
                variance = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup();
            }
            return Transforms.pow(variance.addi(layerConf().getEps()), -0.5, false);
        }

        private INDArray scale() {
            return inverseStd().muli(param(BatchNormalizationParamInitializer.GAMMA, layerConf().getGamma()));
        }

        /** A learned per-channel parameter, or the fixed value when {@code lockGammaBeta}. */
        private INDArray param(String key, double lockedValue) {
            if (layerConf().isLockGammaBeta()) {
                return Nd4j.valueArrayOf(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).shape(),
                        lockedValue, dataType);
            }
            return getParam(key);
        }

        private int channelAxis(INDArray x) {
            if (x.rank() == 2) {
                return 1;
            }
            if (x.rank() == 4) {
                return layerConf().getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
            }
            throw new IllegalStateException("InputGradient: batch-norm layer " + layerId()
                    + " got an input of rank " + x.rank() + "; the inference twin supports rank 2 and rank 4");
        }
    }
}

package org.rtrain.models.zoo;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.deser.DeserializationProblemHandler;
import org.nd4j.shade.jackson.databind.jsontype.TypeIdResolver;

/**
 * Lets DL4J read networks saved before this module's classes moved into sub-packages: their configurations name
 * the zoo's layers, vertices, preprocessor, updater, schedule and loss by their former class names, e.g.
 * {@code "@class" : "org.rtrain.models.ClassicalMomentum"}, and DL4J instantiates configurations by class name.
 *
 * <p>{@link #register()} adds a handler to DL4J's configuration mappers that reads each former name as the class's
 * name now, so {@code ModelSerializer} and {@code fromJson} read such files as before; names it does not know are
 * left to DL4J, which fails on them as it would without it. Call it once before reading a network saved by an
 * earlier version (the project's checkpoint loader does); calling it again does nothing.
 */
public final class FormerClassNames {

    /** Former name to name now, for every class of this module that DL4J writes into a configuration. */
    private static final Map<String, String> CURRENT = Map.ofEntries(
            moved("CapsuleLengthVertex", "layers"),
            moved("CapsuleMaskVertex", "layers"),
            moved("CapsuleRoutingLayer", "layers"),
            moved("CapsuleSquashVertex", "layers"),
            moved("ChannelSelectVertex", "layers"),
            moved("LearnedGroupConvolution", "layers"),
            moved("PixelNormalizationPreProcessor", "layers"),
            moved("StochasticDepthVertex", "layers"),
            moved("ClassicalMomentum", "training"),
            moved("CosineSchedule", "training"),
            moved("MarginLoss", "training"));

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private FormerClassNames() {
    }

    private static Map.Entry<String, String> moved(String simpleName, String subPackage) {
        return Map.entry("org.rtrain.models." + simpleName, "org.rtrain.models." + subPackage + "." + simpleName);
    }

    /** Makes DL4J's JSON and YAML configuration mappers read the former class names; idempotent. */
    public static void register() {
        if (REGISTERED.compareAndSet(false, true)) {
            DeserializationProblemHandler handler = new FormerNameHandler();
            NeuralNetConfiguration.mapper().addHandler(handler);
            NeuralNetConfiguration.mapperYaml().addHandler(handler);
            JsonMappers.getLegacyMapper().addHandler(handler);
        }
    }

    /** The name now of the class formerly named {@code formerName}, or empty when it was not renamed. */
    public static Optional<String> currentName(String formerName) {
        return Optional.ofNullable(CURRENT.get(formerName));
    }

    /** Every former name with the name now. */
    static Map<String, String> all() {
        return CURRENT;
    }

    /** Resolves a type id that names no class when it is a former name. */
    private static final class FormerNameHandler extends DeserializationProblemHandler {

        @Override
        public JavaType handleUnknownTypeId(DeserializationContext context, JavaType baseType, String typeId,
                                           TypeIdResolver resolver, String failureMessage) {
            String current = CURRENT.get(typeId);
            return current == null ? null : context.getTypeFactory().constructFromCanonical(current);
        }
    }
}

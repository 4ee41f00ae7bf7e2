package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim: DL4J 1.0.0-M2.1's oneDNN layer helpers check
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection, but
 * nd4j-native M2.1 moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}.
 * This class answers the old lookup from the new one. See
 * {@link org.rtrain.perturb.backend.NativeFastPath}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The subset of libnd4j's environment that DL4J's helpers query. */
    public static final class Environment {

        private static final String RELOCATED = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether libnd4j's oneDNN (formerly MKL-DNN) kernels are on; false without nd4j-native. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> relocated = Class.forName(RELOCATED);
                Object environment = relocated.getMethod("getInstance").invoke(null);
                Method isUseOneDnn = relocated.getMethod("isUseONEDNN");
                return (Boolean) isUseOneDnn.invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}

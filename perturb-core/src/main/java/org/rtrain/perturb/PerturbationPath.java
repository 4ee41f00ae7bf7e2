package org.rtrain.perturb;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which implementation multiplies activations by the sign perturbation's multipliers.
 *
 * <p>The fused kernel ({@link SignKernel}) reads and writes an array through its data buffer's host
 * pointer. That is the array itself on ND4J's CPU backend only: on the CUDA backend the pointer is a
 * host copy that is neither synchronised from the device nor back to it, so the kernel would read
 * stale values and its writes would be lost. The portable path builds the same multipliers from the
 * same random bits with ND4J operations, which every backend runs (see {@link PortableSignKernel}).
 * Both paths give bit-identical multipliers, outputs and gradients for the same seed.
 */
public enum PerturbationPath {

    /** The fused kernel for host-resident arrays on the CPU backend, the portable path for everything else. */
    AUTO,
    /**
     * The fused kernel wherever the array's type and layout allow; refused where it would touch device
     * memory: when a network is configured or initialised off the CPU backend, and on any array whose
     * buffer is not host memory.
     */
    FUSED,
    /** ND4J operations only, on every backend (slower on the CPU). */
    PORTABLE;

    private static final String CPU_BUFFER_PACKAGE = "org.nd4j.linalg.cpu.nativecpu.buffer.";

    /** True when the fused kernel may read and write {@code x} through its host pointer. */
    boolean fusedKernelMayTouch(INDArray x) {
        switch (this) {
            case PORTABLE:
                return false;
            case FUSED:
                requireHostResident(x);
                return true;
            default:
                return BackendHolder.CPU && isHostResident(x);
        }
    }

    /**
     * Refuses, with the reason, a path that could run the fused kernel on device memory with the current
     * ND4J backend; {@code where} names what is being built.
     *
     * @throws IllegalStateException for {@link #FUSED} off the CPU backend
     */
    public void requireSafeOnCurrentBackend(String where) {
        if (this == FUSED && !BackendHolder.CPU) {
            throw new IllegalStateException(where + ": SignPerturbation path FUSED reads and writes arrays through "
                    + "their host pointers, but ND4J's backend is " + BackendHolder.NAME + ", whose arrays live in "
                    + "device memory: the kernel would read stale values and lose its writes. Use path AUTO or "
                    + "PORTABLE, which run ND4J operations off the CPU backend");
        }
    }

    /** True when ND4J's backend is the CPU one, whose arrays live in host memory. */
    public static boolean onCpuBackend() {
        return BackendHolder.CPU;
    }

    /** True when {@code x}'s buffer is host memory of the CPU backend, which the fused kernel can address. */
    static boolean isHostResident(INDArray x) {
        DataBuffer data = x.data();
        return data != null && !x.isCompressed() && data.getClass().getName().startsWith(CPU_BUFFER_PACKAGE)
                && data.pointer() != null;
    }

    private static void requireHostResident(INDArray x) {
        if (!isHostResident(x)) {
            throw new IllegalStateException("SignPerturbation path FUSED cannot touch an array whose buffer is a "
                    + (x.data() == null ? "null" : x.data().getClass().getName()) + " on backend " + BackendHolder.NAME
                    + ": it is not host memory of ND4J's CPU backend. Use path AUTO or PORTABLE");
        }
    }

    /** The backend, looked up once: ND4J cannot switch backends in a running JVM. */
    private static final class BackendHolder {
        static final String NAME = String.valueOf(
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        static final boolean CPU = "CPU".equalsIgnoreCase(NAME);
    }
}

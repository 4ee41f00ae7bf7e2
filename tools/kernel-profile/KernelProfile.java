import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.perturb.backend.LeanConvolution;
import org.rtrain.perturb.backend.NativeFastPath;

/** Trains the paper's LeNet (args: steps, "lean" or "dl4j" convolution) on random batches of 64; prints ms/step. */
public class KernelProfile {
    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        MultiLayerConfiguration conf = LeNet.configuration(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 1));
        if (args[1].equals("dl4j")) {
            conf = LeanConvolution.withDl4jConvolutions(conf);
        }
        NativeFastPath.enable();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(1);
        DataSet[] batches = new DataSet[16];
        for (int b = 0; b < batches.length; b++) {
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 64, 10);
            for (int i = 0; i < 64; i++) {
                labels.putScalar(i, (i * 7 + b) % 10, 1);
            }
            batches[b] = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 28, 28, 1), labels);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(batches[i % batches.length]);
        }
        System.err.printf("%s %d steps: %.1f ms/step (incl. warm-up)%n", args[1], steps,
                (System.nanoTime() - start) / 1e6 / steps);
    }
}

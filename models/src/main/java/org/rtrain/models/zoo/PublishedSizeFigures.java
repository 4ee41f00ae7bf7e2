package org.rtrain.models.zoo;

/**
 * Trainable parameters and multiply-adds of the zoo's networks at their published configurations, as
 * {@link org.rtrain.models.count.ParameterCount} and {@link org.rtrain.models.count.MultiplyAddCounter} count them.
 * Building the largest (NASNet-A Large, 89M parameters) takes a while, so the counts are kept here for the reports; the
 * integration test {@code PublishedSizeIT} builds every network and checks these values against the
 * counters, so they cannot drift from the code.
 *
 * @param parameters   trainable parameters
 * @param multiplyAdds multiply-adds of one forward pass of one example, weights only
 */
public record PublishedSizeFigures(long parameters, long multiplyAdds) {

    /** NASNet-A Large, 6 @ 4032, 331x331, 1000 classes. */
    public static final PublishedSizeFigures NASNET_A_LARGE = new PublishedSizeFigures(88_753_150, 23_783_414_658L);
    /** NASNet-A Mobile, 4 @ 1056, 224x224, 1000 classes. */
    public static final PublishedSizeFigures NASNET_A_MOBILE = new PublishedSizeFigures(5_289_978, 563_638_816);
    /** CondenseNet-74, G = C = 4, the condensed test-time network, 224x224, 1000 classes. */
    public static final PublishedSizeFigures CONDENSENET_74_G4 = new PublishedSizeFigures(4_773_944, 516_640_576);
    /** CondenseNet-74, G = C = 8, the condensed test-time network, 224x224, 1000 classes. */
    public static final PublishedSizeFigures CONDENSENET_74_G8 = new PublishedSizeFigures(2_935_416, 261_545_792);
}

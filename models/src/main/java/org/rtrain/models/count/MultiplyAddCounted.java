package org.rtrain.models.count;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A layer or graph-vertex configuration of this project's own that reports its multiply-adds to
 * {@link MultiplyAddCounter}, instead of the counter special-casing it.
 */
public interface MultiplyAddCounted {

    /**
     * Multiply-adds with weights of one forward pass of one example.
     *
     * @param inputs the types of the inputs (for a layer: after its input preprocessor)
     * @param output the type of the output
     */
    long multiplyAdds(InputType[] inputs, InputType output);
}

package org.rtrain.reports.tables;

/**
 * Size and cost of a model as this project's counters give them, for the Params and FLOPs columns
 * of Tables 2 and 3. Computed by the caller (reports cannot depend on the models), for the model
 * at the configuration of the paper's row.
 *
 * @param parameters   trainable parameters
 * @param multiplyAdds multiply-adds of one forward pass of one example (CondenseNet's and NASNet's
 *                     papers call these FLOPs and mult-adds)
 */
public record ModelFigures(long parameters, long multiplyAdds) {

    public ModelFigures {
        if (parameters <= 0) {
            throw new IllegalArgumentException("parameters must be > 0, got " + parameters);
        }
        if (multiplyAdds <= 0) {
            throw new IllegalArgumentException("multiplyAdds must be > 0, got " + multiplyAdds);
        }
    }
}

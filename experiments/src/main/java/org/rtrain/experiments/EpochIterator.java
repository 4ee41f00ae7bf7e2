package org.rtrain.experiments;

import java.util.Iterator;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One epoch's batches as the DataSetIterator DL4J's ParallelWrapper consumes: single pass, no reset,
 * no preprocessor (the data pipeline has done its work), counting the examples it hands out.
 */
final class EpochIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient Iterator<DataSet> batches;
    private final int batchSize;
    private long examples;

    EpochIterator(Iterator<DataSet> batches, int batchSize) {
        this.batches = batches;
        this.batchSize = batchSize;
    }

    /** Examples handed out so far. */
    long examples() {
        return examples;
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext();
    }

    @Override
    public DataSet next() {
        DataSet batch = batches.next();
        examples += batch.numExamples();
        return batch;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have the spec's batch size");
    }

    @Override
    public int inputColumns() {
        return -1;
    }

    @Override
    public int totalOutcomes() {
        return -1;
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("one epoch, one pass");
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("the data pipeline applies no DataSetPreProcessor");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}

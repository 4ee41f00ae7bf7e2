package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MiniBatchesTest {

    private static ImageSplit split(int n) {
        INDArray features = Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1, 1, 1)
                .broadcast(n, 1, 2, 2).dup();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new ImageSplit("test", features, labels, 3, "x", false);
    }

    private static List<Integer> ids(Iterator<DataSet> batches) {
        List<Integer> ids = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            assertEquals(4, batch.getFeatures().rank());
            for (int i = 0; i < batch.numExamples(); i++) {
                int id = (int) batch.getFeatures().getDouble(i, 0, 1, 1);
                assertEquals(1.0, batch.getLabels().getDouble(i, id % 3), 0.0, "label of example " + id);
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void shuffledBatchesCoverEveryExampleOnceAndAreSeeded() {
        MiniBatches batches = new MiniBatches(split(23), Integer.MAX_VALUE);
        List<Integer> first = ids(batches.shuffled(5, 11));
        assertEquals(first, ids(batches.shuffled(5, 11)));
        assertNotEquals(first, ids(batches.shuffled(5, 12)));
        assertArrayEquals(java.util.stream.IntStream.range(0, 23).toArray(),
                first.stream().mapToInt(Integer::intValue).sorted().toArray());
        assertEquals(ids(batches.inOrder(4)), java.util.stream.IntStream.range(0, 23).boxed().toList());
    }

    @Test
    void limitKeepsTheFirstExamples() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(new MiniBatches(split(23), 7).inOrder(3)));
    }
}

package org.rtrain.datasets;

import java.util.List;
import java.util.stream.Collectors;

import org.rtrain.datasets.image.Image;

/**
 * Several splits one after the other, as one: e.g. SVHN's train and extra sets, which the wide
 * residual network and stochastic-depth papers train on together (604,388 images).
 */
public final class ConcatenatedImages implements LabelledImages {

    private final List<LabelledImages> parts;
    private final int[] starts;

    /** The parts in order; they must have the same number of classes. */
    public ConcatenatedImages(List<LabelledImages> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("need at least one split to concatenate");
        }
        this.parts = List.copyOf(parts);
        this.starts = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).numClasses() != parts.get(0).numClasses()) {
                throw new IllegalArgumentException(parts.get(i).description() + " has " + parts.get(i).numClasses()
                        + " classes, " + parts.get(0).description() + " has " + parts.get(0).numClasses());
            }
            long end = (long) starts[i] + parts.get(i).size();
            if (end > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("concatenation holds more than " + Integer.MAX_VALUE + " images");
            }
            starts[i + 1] = (int) end;
        }
    }

    @Override
    public String description() {
        return parts.stream().map(LabelledImages::description).collect(Collectors.joining(" + "));
    }

    @Override
    public int size() {
        return starts[parts.size()];
    }

    @Override
    public int numClasses() {
        return parts.get(0).numClasses();
    }

    @Override
    public int label(int index) {
        int part = part(index);
        return parts.get(part).label(index - starts[part]);
    }

    @Override
    public Image image(int index) {
        int part = part(index);
        return parts.get(part).image(index - starts[part]);
    }

    private int part(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + size() + ")");
        }
        int part = 0;
        while (index >= starts[part + 1]) {
            part++;
        }
        return part;
    }

    @Override
    public String checksum() {
        return parts.stream().map(LabelledImages::checksum).collect(Collectors.joining(";"));
    }

    @Override
    public boolean verified() {
        return parts.stream().allMatch(LabelledImages::verified);
    }
}

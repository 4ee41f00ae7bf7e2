package org.rtrain.datasets.transform;

import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * Resizes the image so that its shorter side is {@code resize} pixels, keeping the aspect ratio, and
 * cuts the centred {@code crop x crop} square: ImageNet's evaluation transform (resize 256, crop
 * 224; NASNet-A Large evaluates at resize 378, crop 331, the same 0.875 crop fraction).
 *
 * <p>As torchvision's {@code Resize(resize)} then {@code CenterCrop(crop)}: the longer side becomes
 * {@code floor(resize * longer / shorter)}, the crop's offset {@code round((size - crop) / 2)} with
 * ties to even, and the resampling is antialiased bilinear. Draws nothing from the generator.
 *
 * @param resize length of the shorter side after resizing
 * @param crop   side of the centred square, at most {@code resize}
 */
public record ResizeCenterCrop(int resize, int crop) implements ImageTransform {

    public ResizeCenterCrop {
        if (crop <= 0 || resize < crop) {
            throw new IllegalArgumentException("need 0 < crop <= resize, got resize " + resize + ", crop " + crop);
        }
    }

    /** The evaluation convention for a crop size: the shorter side resized to {@code crop / 0.875}. */
    public static ResizeCenterCrop forCrop(int crop) {
        return new ResizeCenterCrop((int) Math.floor(crop / 0.875), crop);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int height = image.height();
        int width = image.width();
        int newHeight;
        int newWidth;
        if (height <= width) {
            newHeight = resize;
            newWidth = (int) ((long) resize * width / height);
        } else {
            newWidth = resize;
            newHeight = (int) ((long) resize * height / width);
        }
        int top = (int) Math.rint((newHeight - crop) / 2.0);
        int left = (int) Math.rint((newWidth - crop) / 2.0);
        return Resampler.window(image, 0, 0, height, width, newHeight, newWidth, top, left, crop, crop);
    }
}

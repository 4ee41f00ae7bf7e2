package org.rtrain.experiments.spec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rtrain.models.zoo.PublishedSizeFigures;
import org.rtrain.reports.tables.ModelFigures;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.Variant;

/**
 * Parameter and multiply-add counts of the networks of Tables 2 and 3 at the paper's configuration,
 * as the models module counts them ({@link PublishedSizeFigures}), by paper row key.
 */
public final class ModelFiguresCatalog {

    private ModelFiguresCatalog() {
    }

    /** The counts by paper row key. */
    public static Map<PaperRowKey, ModelFigures> figures() {
        Map<PaperRowKey, ModelFigures> figures = new LinkedHashMap<>();
        for (Variant variant : Variant.values()) {
            put(figures, SpecCatalog.rowKey(2, "ImageNet-1k", "NASNet-A", variant), PublishedSizeFigures.NASNET_A_LARGE);
            put(figures, SpecCatalog.rowKey(3, "ImageNet-1k", "CondenseNet (G=C=4)", variant),
                    PublishedSizeFigures.CONDENSENET_74_G4);
            put(figures, SpecCatalog.rowKey(3, "ImageNet-1k", "CondenseNet (G=C=8)", variant),
                    PublishedSizeFigures.CONDENSENET_74_G8);
        }
        return figures;
    }

    private static void put(Map<PaperRowKey, ModelFigures> figures, PaperRowKey key, PublishedSizeFigures counted) {
        figures.put(key, new ModelFigures(counted.parameters(), counted.multiplyAdds()));
    }
}

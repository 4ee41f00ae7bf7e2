package org.rtrain.reports.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.DisturbanceColumn;

class PaperRowTest {

    @Test
    void parsesPrintedNumbersWithAndWithoutPlusMinus() {
        PaperValue withSpread = PaperValue.parse("70.04±0.05", "here");
        assertEquals(70.04, withSpread.value());
        assertEquals(0.05, withSpread.plusMinus());
        assertEquals("70.04±0.05", withSpread.printed());
        PaperValue plain = PaperValue.parse("0.50", "here");
        assertEquals(0.5, plain.value());
        assertNull(plain.plusMinus());
        assertEquals("0.50", plain.printed());
        assertEquals(1.5, PaperValue.parse("83.0 +/- 1.5", "here").plusMinus());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PaperValue.parse("70.04±", "table1.csv line 3, column random_crop"));
        assertTrue(bad.getMessage().contains("table1.csv line 3, column random_crop")
                && bad.getMessage().contains("70.04±"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PaperValue.parse("NaN", "here"));
    }

    @Test
    void readsEveryTableInThePapersOrder() {
        assertEquals(List.of(6, 4, 11, 12, 9), List.of(PaperRow.table(1).size(), PaperRow.table(2).size(),
                PaperRow.table(3).size(), PaperRow.table(4).size(), PaperRow.table(5).size()));
        assertEquals(42, PaperRow.all().size());
        assertEquals(42, new HashSet<>(PaperRow.all().stream().map(PaperRow::key).toList()).size(), "keys are unique");

        DisturbanceRow first = DisturbanceRow.all().get(0);
        assertEquals("1/ImageNet-1k/CondenseNet (G=C=8)/fgsm", first.key().toString());
        assertEquals(68.27, first.top1AccuracyPct().get(DisturbanceColumn.RANDOM_CROP).value());
        assertNull(first.top1AccuracyPct().get(DisturbanceColumn.RANDOM_CROP).plusMinus(), "FGSM rows print no ±");
        DisturbanceRow base = DisturbanceRow.all().get(1);
        assertEquals(70.04, base.top1AccuracyPct().get(DisturbanceColumn.RANDOM_CROP).value());
        assertEquals(0.05, base.top1AccuracyPct().get(DisturbanceColumn.RANDOM_CROP).plusMinus());
        assertEquals(0.05, base.top1AccuracyPct().get(DisturbanceColumn.RANDOM_FIVE_CROP).plusMinus());
        assertEquals("R-CondenseNet (G=C=4)", DisturbanceRow.all().get(5).displayName());

        List<ImageNetRow> table2 = ImageNetRow.all(ImageNetMetric.ACCURACY);
        assertTrue(table2.get(0).cited(), "SENet is cited only");
        assertEquals("SENet", table2.get(0).model());
        assertFalse(table2.get(3).cited());
        assertEquals(0.03, table2.get(3).top1Pct().plusMinus());
        assertEquals("331x331", table2.get(3).imageSize());

        List<ImageNetRow> table3 = ImageNetRow.all(ImageNetMetric.ERROR);
        assertEquals(List.of("Inception V1", "1.0 MobileNet-224", "ShuffleNet 2x", "NASNet-B (N=4)", "NASNet-C (N=3)"),
                table3.stream().filter(PaperRow::cited).map(PaperRow::model).toList());
        ImageNetRow slip = table3.get(6);
        assertEquals("3/ImageNet-1k/CondenseNet (G=C=4)/base", slip.key().toString());
        assertEquals("274M", slip.multiplyAdds());
        assertEquals("", slip.imageSize(), "Table 3 prints no image size");
        assertTrue(slip.note().contains("529M/4.8M"), slip.note());
        assertEquals(DisturbanceRow.all().get(4).key().network(), slip.key().network(),
                "Tables 1 and 3 name the same network alike");

        ErrorRow lenet = ErrorRow.table(4).get(2);
        assertEquals("4/MNIST/LeNet/r", lenet.key().toString());
        assertEquals(0.28, lenet.errorPct());
        assertEquals("3.1", ErrorRow.table(5).get(0).error().printed());
        assertThrows(IllegalArgumentException.class, () -> PaperRow.table(6));
    }
}

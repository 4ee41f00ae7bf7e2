package org.rtrain.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.rtrain.attacks.disturbance.Disturbance;
import org.rtrain.reports.results.DisturbanceColumn;

/**
 * Table 1's disturbances as the attacks module measures them and as the reports read them back from
 * results carry the same names, in the same order.
 */
class DisturbanceNamesTest {

    @Test
    void measuredDisturbancesAreTheReportsColumns() {
        assertEquals(Arrays.stream(DisturbanceColumn.values()).map(DisturbanceColumn::key).toList(),
                Disturbance.table1().stream().map(Disturbance::name).toList());
    }
}

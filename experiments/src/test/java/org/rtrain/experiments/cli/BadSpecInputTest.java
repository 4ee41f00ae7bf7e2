package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad specs and command-line options, as a user gives them: each ends the command with exit code 2 and
 * one line {@code error: ...} that says what was wrong (the field or option, the value) and what is
 * allowed, before anything is trained. Missing data is not an error of the command: the specs are listed
 * as not run, with where the files were looked for and how to get them.
 */
class BadSpecInputTest {

    private static final String SPEC = "t4-mnist-lenet-r";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} and checks the refusal: exit code 2, one error line holding every fragment. */
    private static void refused(List<String> args, String... fragments) {
        Outcome outcome = main(args.toArray(String[]::new));
        assertEquals(2, outcome.code(), args + ": " + outcome.err() + outcome.out());
        assertTrue(outcome.err().startsWith("error: "), outcome.err());
        assertEquals(1, outcome.err().lines().count(), "one line, no stack trace: " + outcome.err());
        for (String fragment : fragments) {
            assertTrue(outcome.err().contains(fragment), args + ": '" + fragment + "' missing from " + outcome.err());
        }
    }

    private static List<String> set(String assignment) {
        return List.of("show", "--scale", "smoke", "--spec", SPEC, "--set", assignment);
    }

    /** A spec file holding the R- smoke spec's JSON changed by {@code change}; returns {@code show}'s arguments. */
    private List<String> specFile(String name, UnaryOperator<String> change) throws IOException {
        String json = main("show", "--scale", "smoke", "--spec", SPEC).out().trim();
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, change.apply(json));
        return List.of("show", "--spec-file", file.toString());
    }

    @Test
    void badValuesInASpecSayWhichFieldAndWhatIsAllowed() throws IOException {
        refused(set("perturbation.epsilon=-0.5"), "epsilon must be a finite number >= 0, got -0.5");
        refused(set("perturbation.epsilon=NaN"), "epsilon must be a finite number >= 0, got NaN");
        refused(set("perturbation.growProbability=1.5"), "growProbability must be in [0, 1], got 1.5");
        refused(set("perturbation.growProbability=-0.1"), "growProbability must be in [0, 1], got -0.1");
        refused(set("perturbation.placement=everywhere"), "'everywhere'", "expected input, hidden or input+hidden");
        refused(set("training.epochs=0"), "epochs and batchSize must be positive, got 0");
        refused(set("data.dataset=MNIST-9"), "unknown dataset 'MNIST-9'", "known: MNIST, Fashion-MNIST, CIFAR-10");
        refused(set("training.epochz=3"), "--set training.epochz", "has no field 'training.epochz'", "epochs");
        refused(set("seeds=0"), "seeds must be >= 1, got 0");
        refused(set("training.epochs"), "--set expects path=value");

        refused(specFile("unknown-model", json -> json.replace("\"type\":\"LeNet\"", "\"type\":\"ResNet9000\"")),
                "ResNet9000", "LeNet");
        refused(specFile("unknown-scale", json -> json.replace("\"scale\":\"SMOKE\"", "\"scale\":\"HUGE\"")),
                "HUGE", "SMOKE");
        refused(specFile("unknown-field", json -> json.replace("\"seeds\":", "\"seedz\":1,\"seeds\":")),
                "Unrecognized field \"seedz\"");
        refused(specFile("nan-in-file", json -> json.replace("\"epsilon\":0.1", "\"epsilon\":NaN")),
                "is not valid JSON");
        refused(specFile("malformed", json -> json.substring(0, json.length() / 2)), "malformed.json",
                "is not valid JSON");
        refused(List.of("show", "--spec-file", dir.resolve("absent.json").toString()), "Cannot read spec file",
                "absent.json");
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        refused(List.of("list", "--scale", "huge"), "Unknown scale 'huge'", "expected smoke, quick or paper");
        refused(List.of("run", "--seeds", "0"), "Invalid value for option '--seeds': must be a positive integer, "
                + "got '0'");
        refused(List.of("run", "--seeds", "two"), "Invalid value for option '--seeds': must be a positive integer, "
                + "got 'two'");
        refused(List.of("show", "--variant", "adv"), "Unknown variant 'adv'", "expected base, fgsm or r");
        refused(List.of("show", "--table", "9"), "--table must be 1 to 5, got 9");
        refused(List.of("show", "--scale", "smoke", "--eps-sweep", "0,-0.1"), "--eps-sweep takes comma-separated "
                + "epsilons >= 0", "'-0.1'");
        refused(List.of("show", "--spec", "t9-nothing"), "No spec [t9-nothing]", "rtrain list");
        refused(List.of("run", "--epochs", "3"), "Unknown options: '--epochs', '3'", "options of rtrain run:",
                "--seeds");
        refused(List.of("run", "--seeds"), "Missing required parameter for option '--seeds' (N)");
        refused(List.of("run", "--out", "a", "--out", "b"), "option '--out' (DIR) should be specified only once");
        refused(List.of("run", "--wait"), "Unknown option: '--wait'", "options of rtrain run:");
        refused(List.of("train"), "Unknown command 'train'", "expected one of");
        refused(List.of("run", "--store", "mysql://db"), "Unknown run store URL", "jdbc:postgresql://");
    }

    @Test
    void aMissingDataDirectoryListsTheSpecsNotRunWithWhereItLookedAndHowToGetTheData() {
        Path nowhere = dir.resolve("no-such-directory");
        List<String> args = new ArrayList<>(List.of("run", "--scale", "smoke", "--spec", SPEC, "--data-dir",
                nowhere.toString(), "--out", dir.resolve("out").toString()));
        Outcome outcome = main(args.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("Not run, data missing (1 spec(s))") && outcome.out().contains(SPEC)
                && outcome.out().contains(nowhere.toString()), outcome.out());
    }
}

package io.restoredrill.infra;

import software.amazon.awscdk.CfnElement;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps the logical IDs of stateful resources as they were before the stack was split into constructs.
 *
 * <p>CloudFormation identifies a resource by its logical ID, and CDK derives that ID from the construct path. Moving a
 * bucket from {@code Stack/ReportsBucket} to {@code Stack/Buckets/ReportsBucket} would make CloudFormation create a new
 * bucket and drop the old one from the stack: a retained bucket is left behind with its baselines, a named log group
 * or dashboard fails to deploy because the name is taken, a replaced alarm loses its history, a replaced topic
 * subscription needs confirming again. So each stateful resource of a construct gets the ID it would have if it sat
 * directly in the stack, computed with CDK's own rule (below), and {@code LogicalIdsTest} holds the IDs of the last
 * release so that any change fails the build.
 *
 * <p>The rule is CDK's {@code makeUniqueId} (aws-cdk-lib core/lib/private/uniqueid.ts): path components without
 * {@code Default}; a single component is the ID itself (alphanumerics only); otherwise the alphanumerics of the
 * components (without a component that the one before it ends with, then without {@code Resource}) followed by the first 8 hex digits, upper case,
 * of the MD5 of the components joined with {@code /}.
 */
final class LogicalIds {

    private static final String HIDDEN_ID = "Default";
    private static final String HIDDEN_FROM_HUMAN_ID = "Resource";
    private static final int MAX_HUMAN_LENGTH = 240;
    private static final int MAX_ID_LENGTH = 255;

    private LogicalIds() {
    }

    /**
     * Gives the CloudFormation resource of {@code resource} (itself, or an L2's default child) the logical ID it would
     * have if {@code group} were not in its path, that is, if it had been created in the group's scope.
     */
    static void keepAsIfIn(Construct group, IConstruct resource) {
        CfnElement element = resource instanceof CfnElement cfn ? cfn : (CfnElement) resource.getNode().getDefaultChild();
        if (element == null) {
            throw new IllegalStateException(resource.getNode().getPath() + " has no CloudFormation resource to pin");
        }
        element.overrideLogicalId(uniqueId(pathBelow(group, element)));
    }

    /** The path components of {@code construct} below {@code ancestor}. */
    static List<String> pathBelow(IConstruct ancestor, IConstruct construct) {
        List<String> components = new ArrayList<>();
        boolean below = false;
        for (IConstruct scope : construct.getNode().getScopes()) {
            if (below) {
                components.add(scope.getNode().getId());
            }
            if (scope.getNode().getPath().equals(ancestor.getNode().getPath())) {
                below = true;
            }
        }
        if (!below) {
            throw new IllegalArgumentException(construct.getNode().getPath() + " is not below " + ancestor.getNode().getPath());
        }
        return components;
    }

    /** CDK's logical ID for a construct at these path components (see the class comment). */
    static String uniqueId(List<String> path) {
        List<String> components = path.stream().filter(c -> !c.equals(HIDDEN_ID)).toList();
        if (components.isEmpty()) {
            throw new IllegalArgumentException("no path components");
        }
        if (components.size() == 1) {
            String candidate = alphanumeric(components.get(0));
            if (candidate.length() <= MAX_ID_LENGTH) {
                return candidate;
            }
        }
        List<String> withoutDuplicates = new ArrayList<>();
        for (String component : components) {
            if (withoutDuplicates.isEmpty() || !withoutDuplicates.get(withoutDuplicates.size() - 1).endsWith(component)) {
                withoutDuplicates.add(component);
            }
        }
        StringBuilder human = new StringBuilder();
        withoutDuplicates.stream().filter(c -> !c.equals(HIDDEN_FROM_HUMAN_ID)).map(LogicalIds::alphanumeric)
                .forEach(human::append);
        String prefix = human.length() > MAX_HUMAN_LENGTH ? human.substring(0, MAX_HUMAN_LENGTH) : human.toString();
        return prefix + hash(String.join("/", components));
    }

    private static String alphanumeric(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String hash(String path) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

package io.restoredrill.core.adapter.config;

import io.restoredrill.core.domain.InvalidConfigurationException;

/**
 * One item of a config file, for messages: {@code checks.yaml: check "orders": "sql" is missing or blank}.
 *
 * @param origin the file (or other source) the item is in
 * @param where  the item, e.g. {@code check "orders"}, {@code check #3}, {@code top level}
 */
record ConfigItem(String origin, String where) {

    InvalidConfigurationException invalid(String problem) {
        return new InvalidConfigurationException(origin + ": " + where + ": " + problem);
    }

    InvalidConfigurationException invalid(String problem, Throwable cause) {
        return new InvalidConfigurationException(origin + ": " + where + ": " + problem, cause);
    }
}

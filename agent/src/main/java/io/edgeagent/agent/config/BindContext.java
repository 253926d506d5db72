package io.edgeagent.agent.config;

import java.nio.file.Path;

/**
 * What every binder of one file shares: where problems go, how {@code ${env:NAME}} is resolved, and the
 * folder that relative paths in the file are read from (the config file's own folder, so that a file
 * can be moved together with its secrets and certificates).
 */
record BindContext(Problems problems, EnvReferences env, Path baseDir) {
}

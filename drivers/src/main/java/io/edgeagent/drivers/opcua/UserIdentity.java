package io.edgeagent.drivers.opcua;

/**
 * Who the session acts for, beyond the application: a user name and password ({@link UserCredentials}) or an
 * X.509 user certificate with its key ({@link UserCertificate}). No identity means anonymous.
 */
public sealed interface UserIdentity permits UserCredentials, UserCertificate {
}

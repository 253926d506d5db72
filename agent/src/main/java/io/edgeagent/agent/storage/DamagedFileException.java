package io.edgeagent.agent.storage;

/** A file that opens but does not hold what a file of its kind must: moved aside like one H2 cannot read. */
public final class DamagedFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public DamagedFileException(String what) {
        super(what);
    }
}

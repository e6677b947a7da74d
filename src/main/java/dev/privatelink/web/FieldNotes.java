package dev.privatelink.web;

/**
 * How the API treats the fields of ClickHouse Cloud's request bodies, in the words its description
 * uses: every field of the reference schemas is accepted (a field in neither answers 400); each is
 * either kept (it takes effect or is stored and shown on reads) or ignored.
 */
public final class FieldNotes {

    /** Fields that configure the database engine or its compute, storage, releases or network endpoints. */
    public static final String IGNORED = "Accepted for ClickHouse Cloud clients and ignored: it configures the "
            + "database itself, which this control plane does not run. Not stored, not shown on reads.";

    /** Fields stored and shown on reads that nothing acts on yet. */
    public static final String KEPT_NOT_ENFORCED = "Kept (stored and shown on reads); not yet enforced.";

    private FieldNotes() {
    }
}

package org.jfenced.nativelib;

import java.io.IOException;

/**
 * A corosync library call failed. The message names the call and the error, e.g.
 * {@code cpg_join: CS_ERR_EXIST (14)}.
 */
public class CorosyncException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int code;

    public CorosyncException(String operation, int code) {
        this(operation, code, null);
    }

    public CorosyncException(String operation, int code, String detail) {
        super(describe(operation, code, detail));
        this.operation = operation;
        this.code = code;
    }

    /** Throws unless {@code rc} is {@link CsError#CS_OK}. */
    public static void check(String operation, int rc) throws CorosyncException {
        if (rc != CsError.CS_OK.code()) {
            throw new CorosyncException(operation, rc);
        }
    }

    public String operation() {
        return operation;
    }

    /** The raw {@code cs_error_t} value. */
    public int code() {
        return code;
    }

    public CsError error() {
        return CsError.of(code);
    }

    /** True when the local corosync is gone: the connection must be reopened. */
    public boolean isConnectionLost() {
        CsError e = error();
        return e == CsError.CS_ERR_LIBRARY || e == CsError.CS_ERR_BAD_HANDLE;
    }

    private static String describe(String operation, int code, String detail) {
        CsError e = CsError.of(code);
        String name = e == CsError.UNKNOWN ? "unknown cs_error_t" : e.name();
        return operation + ": " + name + " (" + code + ")" + (detail == null ? "" : ": " + detail);
    }
}

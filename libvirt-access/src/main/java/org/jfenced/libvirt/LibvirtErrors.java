package org.jfenced.libvirt;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/** Reading libvirt's exceptions: by error code, since message texts differ between drivers. */
final class LibvirtErrors {

    private LibvirtErrors() {
    }

    static boolean isNoDomain(LibvirtException e) {
        Error error = e.getError();
        return error != null && error.getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    /** One line for logs and health: the libvirt message, without the wrapping of futures. */
    static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}

package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotSignInException;

import java.io.IOException;

import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.camelcopilot.internal.Failures;

/** Turns MSAL's failures into {@link CopilotSignInException}s that say what to do. */
final class MsalErrors {

    /** The library names no launcher: the application embedding it has its own way of signing a person in. */
    static final String LOGIN_COMMAND = "the login command of your application (e.g. the app's login)";
    static final String LOGIN_AGAIN = "use " + LOGIN_COMMAND;

    private MsalErrors() {
    }

    /**
     * @param what   what was being done, such as "Silent sign-in for adele@contoso.com"
     * @param remedy what a person must do when only a new sign-in helps
     */
    static CopilotSignInException translate(Throwable failure, String what, String remedy) {
        Throwable error = Failures.unwrap(failure);
        if (error instanceof CopilotSignInException signIn) {
            return signIn;
        }
        IOException unreachable = error instanceof MsalException ? ioCause(error.getCause()) : null;
        if (unreachable != null) {
            // MSAL wrapped the transport's failure (a proxy's refusal names the proxy and what to check): say that
            return new CopilotSignInException(what + " failed: no answer from the token endpoint ("
                    + unreachable.getClass().getSimpleName() + ": " + firstLine(unreachable.getMessage()) + ")",
                    null, false);
        }
        if (error instanceof MsalException msal) {
            boolean signInRequired = msal instanceof MsalInteractionRequiredException
                                     || "invalid_grant".equals(msal.errorCode())
                                     || "interaction_required".equals(msal.errorCode());
            String status = msal instanceof MsalServiceException service && service.statusCode() != null
                    ? " (HTTP " + service.statusCode() + ")" : "";
            String message = what + " failed: " + msal.errorCode() + status + ": " + firstLine(msal.getMessage());
            return new CopilotSignInException(signInRequired ? message + ". A person must sign in again: " + remedy
                    : message, msal.errorCode(), signInRequired);
        }
        return new CopilotSignInException(what + " failed: " + error.getClass().getSimpleName() + ": "
                                          + firstLine(error.getMessage()), null, false);
    }

    private static IOException ioCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** Entra's descriptions run on with trace ids and timestamps over several lines; the first says what matters. */
    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int end = message.indexOf('\n');
        String first = (end < 0 ? message : message.substring(0, end)).trim();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }
}

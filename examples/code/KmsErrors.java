package com.example.billing.kms;

import com.aliyun.tea.TeaException;
import com.aliyuncs.exceptions.ClientException;
import java.security.InvalidParameterException;
import java.util.Set;

/** Classifies KMS errors from both the Tea SDK (kms20160120) and the old core SDK (aliyun-java-sdk-kms). */
public final class KmsErrors {

    public static final Set<String> RETRYABLE =
            Set.of("Rejected.Throttling", "ServiceUnavailableTemporary", "InternalFailure");

    /** The key or alias does not exist in this region/account. */
    public static final Set<String> KEY_MISSING = Set.of("Forbidden.KeyNotFound", "Forbidden.AliasNotFound");

    /** The key exists but its state does not allow cryptographic operations. */
    public static final Set<String> KEY_UNUSABLE =
            Set.of("Rejected.Disabled", "Rejected.PendingDeletion", "Rejected.PendingImport");

    private KmsErrors() {}

    public static String codeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TeaException te) return te.getCode();
            if (c instanceof ClientException ce) return ce.getErrCode(); // ServerException extends ClientException
        }
        return null;
    }

    public static boolean isRetryable(Throwable t) {
        return RETRYABLE.contains(codeOf(t));
    }

    /** HTTP status our API returns to callers when KMS refuses. */
    public static int toHttpStatus(Throwable t) {
        String code = codeOf(t);
        if (code == null) return 500;
        if (KEY_UNUSABLE.contains(code) || isRetryable(t)) return 503;
        if (KEY_MISSING.contains(code) || "Forbidden.NoPermission".equals(code)) return 500;
        return 502;
    }

    public static void requireKeyId(String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new InvalidParameterException("keyId must not be blank");
        }
    }
}

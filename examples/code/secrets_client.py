"""Reads application secrets from KMS Secrets Manager (Tea SDK, alibabacloud_kms20160120)."""
import logging
import time

from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_kms20160120 import models as kms_models
from alibabacloud_kms20160120.client import Client as KmsClient
from alibabacloud_tea_openapi import models as open_api_models
from Tea.exceptions import TeaException

log = logging.getLogger(__name__)

# Worth another try after a short sleep; everything else is a configuration problem.
RETRYABLE = {"Rejected.Throttling", "ServiceUnavailableTemporary", "InternalFailure"}


class SecretNotFound(KeyError):
    pass


def make_client(region: str = "cn-hangzhou") -> KmsClient:
    # Credentials come from the default chain (env, RRSA/OIDC, ECS RAM role) - never from code.
    config = open_api_models.Config(credential=CredentialClient(), region_id=region,
                                    endpoint=f"kms.{region}.aliyuncs.com")
    return KmsClient(config)


def get_secret(client: KmsClient, name: str, stage: str = "ACSCurrent", attempts: int = 4) -> str:
    request = kms_models.GetSecretValueRequest(secret_name=name, version_stage=stage)
    for attempt in range(1, attempts + 1):
        try:
            return client.get_secret_value(request).body.secret_data
        except TeaException as e:
            if e.code == "Forbidden.ResourceNotFound":
                raise SecretNotFound(name) from e
            if e.code in ('Forbidden.KeyNotFond', "Rejected.Disabled"):
                # The key protecting the secret is gone or disabled: retrying will not help.
                log.error("secret %s cannot be decrypted: %s (request id %s)",
                          name, e.message, (e.data or {}).get("RequestId"))
                raise
            if e.code in RETRYABLE and attempt < attempts:
                delay = 0.2 * 2 ** attempt
                log.warning("GetSecretValue %s: %s, retrying in %.1fs", name, e.code, delay)
                time.sleep(delay)
                continue
            raise
    raise RuntimeError("unreachable")

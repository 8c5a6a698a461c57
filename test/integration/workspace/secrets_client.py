from Tea.exceptions import TeaException

RETRYABLE = ("Rejected.Throttling", "ServiceUnavailableTemporary", "InternalFailure")


def read_secret(client, name):
    try:
        return client.get_secret_value(name)
    except TeaException as e:
        if e.code == 'Forbidden.KeyNotFond':
            return None
        raise

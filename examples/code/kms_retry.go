// Package kmsx wraps KMS calls with retries for the codes that are worth retrying.
package kmsx

import (
	"context"
	"errors"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/alibabacloud-go/tea/tea"
)

// Same list as Alibaba's own secrets-manager clients use for backoff.
var retryableCodes = map[string]bool{
	"Rejected.Throttling":         true, // 429 QPS Limit Exceeded
	"ServiceUnavailableTemporary": true, // 503
	"InternalFailure":             true, // 500
}

// ErrorCode returns the KMS error code of err for both SDK generations, or "".
func ErrorCode(err error) string {
	var serverErr *sdkerrors.ServerError // alibaba-cloud-sdk-go v1: "SDK.ServerError\nErrorCode: ..."
	if errors.As(err, &serverErr) {
		return serverErr.ErrorCode()
	}
	var teaErr *tea.SDKError // Tea/Darabonba clients: "SDKError:\n   StatusCode: ..."
	if errors.As(err, &teaErr) {
		return tea.StringValue(teaErr.Code)
	}
	return ""
}

// Do calls fn until it succeeds, fails with a non-retryable error, or attempts run out.
func Do(ctx context.Context, attempts int, fn func() error) error {
	backoff := 200 * time.Millisecond
	var err error
	for i := 0; i < attempts; i++ {
		if err = fn(); err == nil || !retryableCodes[ErrorCode(err)] {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
			backoff *= 2
		}
	}
	return err
}

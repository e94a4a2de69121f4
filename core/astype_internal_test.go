package core

import (
	"errors"
	"fmt"
	"testing"
)

// asStatus is an error that offers an HTTPError through an As method, as
// errors.As allows.
type asStatus struct{}

func (asStatus) Error() string { return "as status" }
func (asStatus) As(target any) bool {
	if p, ok := target.(**HTTPError); ok {
		*p = &HTTPError{StatusCode: 409, Message: "Conflict here"}
		return true
	}
	return false
}

type coded struct{}

func (coded) Error() string   { return "coded" }
func (coded) StatusCode() int { return 429 }

// asType finds what errors.As finds, through both Unwrap forms and As
// methods.
func TestAsTypeMatchesErrorsAs(t *testing.T) {
	t.Parallel()
	he := Error(404, "", nil)
	for _, err := range []error{
		he,
		fmt.Errorf("wrapped: %w", he),
		errors.Join(errors.New("first"), fmt.Errorf("second: %w", he)),
		asStatus{},
		fmt.Errorf("w: %w", asStatus{}),
		coded{},
		fmt.Errorf("w: %w", coded{}),
		errors.New("none"),
		&panicError{value: he},
	} {
		var want *HTTPError
		wantOK := errors.As(err, &want)
		got, ok := asType[*HTTPError](err)
		if ok != wantOK || (ok && (got.StatusCode != want.StatusCode || got.Message != want.Message)) {
			t.Errorf("%v: asType = %v %v, errors.As = %v %v", err, got, ok, want, wantOK)
		}
		var wantSC statusCoder
		wantOK = errors.As(err, &wantSC)
		gotSC, ok := asType[statusCoder](err)
		if ok != wantOK || gotSC != wantSC {
			t.Errorf("%v: statusCoder asType = %v %v, errors.As = %v %v", err, gotSC, ok, wantSC, wantOK)
		}
	}
	if status, _, _ := errorStatus(fmt.Errorf("w: %w", asStatus{})); status != 409 {
		t.Errorf("status through an As method = %d, want 409", status)
	}
}

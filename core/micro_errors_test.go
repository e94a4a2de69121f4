package core_test

// micro's tests of errors and request bodies; see micro_test.go.

import (
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestMicroSuiteErrorsAndBodies(t *testing.T) {
	t.Parallel()
	runMicroCases(t, []microCase{
		{name: "throw with code", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return nil, core.Error(402, "Error from test (expected)", nil)
		}), wantStatus: 402, wantBody: "Error from test (expected)"},
		{name: "throw (500)", h: returning(nil, errors.New("500 from test (expected)")), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "throw (500) sync", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			panic(errors.New("500 from test (expected)"))
		}), wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "send(200, <Stream>) with error on same tick", h: sendHandler(200, io.MultiReader(errReader{errors.New("500 from test (expected)")})),
			wantStatus: 500, wantBody: "Internal Server Error"},
		{name: "custom error", h: handleErrors(returning(nil, errors.New("500 from test (expected)"))), wantStatus: 200, wantBody: "My custom error!"},
		{name: "custom async error", h: handleErrors(core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			panic("500 from test (expected)")
		})), wantStatus: 200, wantBody: "My custom error!"},
		{name: "json parse error", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var body map[string]string
			if err := core.JSON(r, &body); err != nil {
				return nil, err
			}
			return body["woot"], nil
		}), method: "POST", body: `{ "bad json" }`, header: []string{"Content-Type", "application/json"}, wantStatus: 400, wantBody: "Invalid JSON"},
		{name: "json", h: coolHandler(), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "json limit (below)", h: coolHandler(core.Limit("100")), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "json limit (over)", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var p payload
			var he *core.HTTPError
			if err := core.JSON(r, &p, core.Limit("3")); !errors.As(err, &he) || he.StatusCode != 413 {
				return nil, errors.New("want a 413 HTTPError")
			}
			return "ok", nil
		}), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: "ok"},
		{name: "limit included in error", h: coolHandler(core.Limit("3")), method: "POST", body: someCoolJSON, wantStatus: 413, wantBody: "Body exceeded 3 limit"},
		{name: "support for status fallback in errors", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			core.SendError(w, r, statusErr{403, "Custom"})
		}), wantStatus: 403, wantBody: "Custom"},
		{name: "json from rawBodyMap works", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var one, two payload
			if err := core.JSON(r, &one); err != nil {
				return nil, err
			}
			if err := core.JSON(r, &two); err != nil {
				return nil, err
			}
			if one != two {
				return nil, errors.New("second read differs")
			}
			return map[string]string{"response": one.Some.Cool}, nil
		}), method: "POST", body: someCoolJSON, wantStatus: 200, wantBody: `{"response":"json"}`},
		{name: "json should throw 400 on empty body with no headers", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			var v any
			return v, core.JSON(r, &v)
		}), wantStatus: 400, wantBody: "Invalid JSON"},
		{name: "buffer should throw 400 on invalid encoding", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return core.Buffer(r, core.Encoding("lol"))
		}), method: "POST", body: "❤️", wantStatus: 400, wantBody: "Invalid body"},
		{name: "buffer works", h: core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return core.Buffer(r)
		}), method: "POST", body: "❤️", wantStatus: 200, wantBody: "❤️"},
	})
}

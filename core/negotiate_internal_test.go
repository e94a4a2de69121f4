package core

import (
	"net/http/httptest"
	"testing"
)

func TestPreferredFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		accept string
		want   format
	}{
		{"", formatText},
		{"*/*", formatText},
		{"text/html", formatHTML},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", formatHTML},
		{"application/json", formatJSON},
		{"application/vnd.api+json", formatJSON},
		{"application/json, text/html", formatJSON},
		{"text/html;q=0.1, application/json", formatJSON},
		{"text/html;q=0, text/plain", formatText},
		{"TEXT/HTML", formatHTML},
		{"text/plain", formatText},
		{"application/json;q=bad", formatText},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept", tt.accept)
		if got := preferredFormat(req); got != tt.want {
			t.Errorf("Accept %q: format %d, want %d", tt.accept, got, tt.want)
		}
	}
}

func TestParseQ(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]int{
		"1": 1000, "0": 0, "0.5": 500, "0.125": 125, "1.000": 1000, "1.5": 1000,
		"": 0, "bad": 0, "0.1234": 0, "2": 0, "0.x": 0, "-1": 0, "0.": 0, ".5": 0,
	} {
		if got := parseQ(v); got != want {
			t.Errorf("parseQ(%q) = %d, want %d", v, got, want)
		}
	}
}

package core_test

import (
	"math"
	"testing"

	"github.com/seed-1b2dc2de/micro/core"
)

func TestParseSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1mb", 1 << 20, false},
		{"512kb", 512 << 10, false},
		{"10b", 10, false},
		{"1gb", 1 << 30, false},
		{"2048", 2048, false},
		{"0", 0, false},
		{"1MB", 1 << 20, false},
		{"1Kb", 1024, false},
		{" 3 mb ", 3 << 20, false},
		{"1.5mb", 1<<20 + 1<<19, false},
		{"0.5kb", 512, false},
		{"1.0009765625kb", 1025, false},
		{"1.9b", 1, false}, // bytes are whole: rounded down
		{"0.000000000931322574615478515625gb", 1, false},
		{"8589934591gb", 8589934591 << 30, false},
		{"9223372036854775807", math.MaxInt64, false},
		{"9223372036854775808", 0, true},
		{"8589934592gb", 0, true},
		{"", 0, true},
		{"mb", 0, true},
		{"-1", 0, true},
		{"+1", 0, true},
		{"1tb", 0, true},
		{"1 m b", 0, true},
		{"1.", 0, true},
		{".5mb", 0, true},
		{"1e3", 0, true},
		{"0x10", 0, true},
		{"lots", 0, true},
		{"１mb", 0, true}, // a fullwidth digit
	}
	for _, tt := range tests {
		got, err := core.ParseSize(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

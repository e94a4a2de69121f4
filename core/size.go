package core

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// ParseSize parses a size such as "1mb", "512kb", "10b", "1gb" or "2048"
// (bytes) into a number of bytes. Units are 1024-based and
// case-insensitive. A fraction is rounded down to whole bytes ("1.5kb" is
// 1536), and space around the number and before the unit is ignored.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range [...]struct {
		suffix string
		mult   int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"b", 1}} {
		if n := len(t) - len(u.suffix); n >= 0 && strings.EqualFold(t[n:], u.suffix) {
			t, mult = strings.TrimSpace(t[:n]), u.mult
			break
		}
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if !digits(whole) || hasFrac && !digits(frac) {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes with an optional unit b, kb, mb or gb, like \"1mb\"", s)
	}
	var n int64
	for i := 0; i < len(whole); i++ {
		d := int64(whole[i] - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, errTooLarge(s)
		}
		n = n*10 + d
	}
	if n > math.MaxInt64/mult {
		return 0, errTooLarge(s)
	}
	n *= mult
	if hasFrac && mult > 1 {
		// floor(0.frac × mult) exactly: it is below mult, so it fits. With
		// mult a power of two up to 2^30, digits past the thirtieth cannot
		// change it, so they are dropped rather than computed with.
		frac = frac[:min(len(frac), 30)]
		num, ok := new(big.Int).SetString(frac, 10)
		if !ok {
			return 0, fmt.Errorf("invalid size %q: bad fraction", s)
		}
		num.Mul(num, big.NewInt(mult))
		num.Quo(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil))
		add := num.Int64()
		if n > math.MaxInt64-add {
			return 0, errTooLarge(s)
		}
		n += add
	}
	return n, nil
}

func errTooLarge(s string) error {
	return fmt.Errorf("invalid size %q: more than %d bytes", s, int64(math.MaxInt64))
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

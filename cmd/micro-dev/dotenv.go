package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// loadDotenv reads an env file: KEY=VALUE lines, optional "export ",
// '#' comments, single quotes taken literally, double quotes unescaped.
// The default .env may be missing; a file the user named must exist.
func loadDotenv(path string, named bool) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if !named && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("cannot read env file: %w", err)
	}
	defer f.Close()
	var env []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, val, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("%s:%d: want KEY=VALUE, got %q", path, n, line)
		}
		val, err := dotenvValue(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		env = append(env, key+"="+val)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read env file %s: %w", path, err)
	}
	return env, nil
}

func dotenvValue(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, `"`):
		end := strings.LastIndex(v, `"`)
		if end == 0 {
			return "", fmt.Errorf("unterminated double quote in %s", v)
		}
		s, err := strconv.Unquote(v[:end+1])
		if err != nil {
			return "", fmt.Errorf("bad double-quoted value %s: %w", v, err)
		}
		return s, nil
	case strings.HasPrefix(v, "'"):
		end := strings.LastIndex(v, "'")
		if end == 0 {
			return "", fmt.Errorf("unterminated single quote in %s", v)
		}
		return v[1:end], nil
	}
	// An unquoted value ends at a comment.
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v, nil
}

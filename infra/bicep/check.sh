#!/usr/bin/env bash
# Builds and lints, warnings as errors, every Bicep file under infra/ that needs no module from a public registry
# (br/public:..., unreachable here), directly or through a local module. The GitHub workflow builds main.bicep whole.
# Usage: infra/bicep/check.sh [infra-dir]   (exit 1 on any warning or error)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
infra="$(cd "${1:-$here/..}" && pwd)"

bicep="${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
[ -x "$bicep" ] || dotnet restore "$here/BicepCli.proj" --nologo -v quiet >/dev/null
[ -x "$bicep" ] || { echo "bicep: CLI not found at '$bicep' after restoring $here/BicepCli.proj" >&2; exit 1; }

mapfile -t files < <(cd "$infra" && find . -name '*.bicep' -not -path './bicep/*' | sed 's|^\./||' | sort)
declare -A registry=()
for f in "${files[@]}"; do
  if grep -Eq "^[[:space:]]*module[[:space:]]+[A-Za-z0-9_]+[[:space:]]+'br[:/]" "$infra/$f"; then registry[$f]=1; fi
done
# A file whose local module needs a registry module needs one too; repeat until nothing changes.
changed=1
while [ "$changed" = 1 ]; do
  changed=0
  for f in "${files[@]}"; do
    [ -n "${registry[$f]:-}" ] && continue
    while read -r target; do
      path="$(realpath -m --relative-to="$infra" "$(dirname "$infra/$f")/$target")"
      if [ -n "${registry[$path]:-}" ]; then registry[$f]=1; changed=1; break; fi
    done < <(sed -nE "s/^[[:space:]]*module[[:space:]]+[A-Za-z0-9_]+[[:space:]]+'([^':]+\.bicep)'.*/\1/p" "$infra/$f")
  done
done

checked=() failed=0
for f in "${files[@]}"; do
  [ -n "${registry[$f]:-}" ] && continue
  out="$("$bicep" build "$infra/$f" --stdout 2>&1 >/dev/null)" || failed=1
  if grep -Eq ' : (Warning|Error) ' <<<"$out"; then failed=1; fi
  [ -n "$out" ] && printf '%s\n' "$out"
  checked+=("$f")
done
printf 'bicep: built and linted %s; left to the workflow (public registry modules): %s\n' \
  "${checked[*]:-nothing}" "$(printf '%s ' "${!registry[@]}" | xargs -n1 | sort | xargs)"
exit "$failed"

#!/usr/bin/env bash
# Known vulnerabilities in our dependencies: NuGet (every project, transitive included) and npm (Azurite's tree).
# Each check first asks its registry about a canary, a version with a published advisory; if the registry does not
# flag it, that registry serves no vulnerability data here and the check says NOT CHECKED instead of passing falsely.
# Exit 1 when a vulnerability is found; 0 otherwise (the last line says which checks could run).
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
found=0
summary=()

# --- NuGet -----------------------------------------------------------------------------------------------------
canary_nuget() {  # Newtonsoft.Json 12.0.1: GHSA-5crp-9r3c-p9vr (high)
  mkdir -p "$work/nuget" && cat > "$work/nuget/Canary.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><NuGetAudit>false</NuGetAudit></PropertyGroup>
  <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="12.0.1" /></ItemGroup>
</Project>
XML
  dotnet restore "$work/nuget" -v q >/dev/null 2>&1 || return 2
  dotnet list "$work/nuget" package --vulnerable 2>&1 | grep -q "Newtonsoft.Json"
}
if canary_nuget; then
  out=$(dotnet list OcopTrade.sln package --vulnerable --include-transitive 2>&1)
  if grep -qE "has the following vulnerable packages" <<<"$out"; then
    echo "$out"; found=1; summary+=("NuGet: VULNERABLE packages (above)")
  else
    summary+=("NuGet: clean")
  fi
else
  echo "NuGet: the package source here serves no vulnerability data (the canary Newtonsoft.Json 12.0.1, which has a"
  echo "       published advisory, is not flagged), so 'dotnet list package --vulnerable' cannot tell: NOT CHECKED."
  echo "       Run ./scripts/audit.sh where nuget.org's VulnerabilityInfo resource is reachable."
  summary+=("NuGet: NOT CHECKED (no vulnerability data from the source)")
fi

# --- npm -------------------------------------------------------------------------------------------------------
out=$(npm audit --audit-level=high --json 2>&1 | grep -v "Unknown user config")
status=${PIPESTATUS[0]}
if grep -qE "audit endpoint returned an error|ENOAUDIT|EAUDIT|Method Not Allowed" <<<"$out"; then
  echo "npm: the registry here does not answer audit requests ($(grep -oE '[0-9]{3} [A-Za-z ]+ - POST' <<<"$out" | head -1)): NOT CHECKED."
  summary+=("npm: NOT CHECKED (no audit endpoint)")
elif [ "$status" -ne 0 ]; then
  npm audit --audit-level=high 2>&1 | grep -v "Unknown user config"; found=1; summary+=("npm: VULNERABLE (high or critical, above)")
else
  summary+=("npm: clean")
fi

printf 'dependency audit: %s\n' "$(printf '%s; ' "${summary[@]}" | sed 's/; $//')"
exit "$found"

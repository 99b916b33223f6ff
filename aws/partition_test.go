package aws

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

// sdkPartitions are the partitions of the AWS SDKs' partition metadata, in
// its order, with their regionRegex and the regions they list, copied from
// internal/endpoints/awsrulesfn/partitions.json of
// github.com/aws/aws-sdk-go-v2@v1.41.7 (byte for byte the JSON of
// botocore/data/partitions.json). The pseudo-regions the file also lists
// (aws-global, aws-cn-global and the like) are left out: they match no
// pattern and are no cluster's region.
var sdkPartitions = []struct {
	name        string
	regionRegex string
	regions     []string
}{
	{"aws", `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`, []string{
		"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
		"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
		"ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
		"eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
	}},
	{"aws-cn", `^cn\-\w+\-\d+$`, []string{"cn-north-1", "cn-northwest-1"}},
	{"aws-eusc", `^eusc\-(de)\-\w+\-\d+$`, []string{"eusc-de-east-1"}},
	{"aws-iso", `^us\-iso\-\w+\-\d+$`, []string{"us-iso-east-1", "us-iso-west-1"}},
	{"aws-iso-b", `^us\-isob\-\w+\-\d+$`, []string{"us-isob-east-1", "us-isob-west-1"}},
	{"aws-iso-e", `^eu\-isoe\-\w+\-\d+$`, []string{"eu-isoe-west-1"}},
	{"aws-iso-f", `^us\-isof\-\w+\-\d+$`, []string{"us-isof-east-1", "us-isof-south-1"}},
	{"aws-us-gov", `^us\-gov\-\w+\-\d+$`, []string{"us-gov-east-1", "us-gov-west-1"}},
}

// regionCandidates are strings near the edges of the region patterns: the
// shared edge strings, the regions the SDK lists, and random joins of
// region pieces, half of them starting the way some partition's regions do.
func regionCandidates(n int) []string {
	r := rand.New(rand.NewPCG(3, 4)) //nolint:gosec // reproducible test input, not security
	heads := []string{"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "eusc-de", "us-gov", "us-iso", "us-isob", "eu-isoe", "us-isof"}
	pieces := []string{
		"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "eusc", "de", "gov", "iso", "isob", "isoe", "isof", "zz",
		"east", "west", "x_y", "East", "1", "12", "007", "", "-", "_", "A", "é", " ",
	}
	out := edgestrings.Candidates(n)
	for _, p := range sdkPartitions {
		out = append(out, p.regions...)
	}
	for range n {
		parts := make([]string, 1+r.IntN(4))
		for i := range parts {
			parts[i] = pieces[r.IntN(len(pieces))]
		}
		if r.IntN(2) == 0 {
			parts[0] = heads[r.IntN(len(heads))]
		}
		out = append(out, strings.Join(parts, "-"))
	}
	return out
}

func TestPartitionOfRegionMatchesTheSDK(t *testing.T) {
	type compiled struct {
		name string
		re   *regexp.Regexp
	}
	res := make([]compiled, len(sdkPartitions))
	for i, p := range sdkPartitions {
		res[i] = compiled{p.name, regexp.MustCompile(p.regionRegex)}
	}
	// spec is the SDK's getPartition without its default: the first
	// partition whose pattern matches, and, as PartitionOfRegion documents,
	// only in lower case.
	spec := func(s string) (string, bool) {
		if s != strings.ToLower(s) {
			return "", false
		}
		for _, c := range res {
			if c.re.MatchString(s) {
				return c.name, true
			}
		}
		return "", false
	}
	matched := map[string]int{}
	for _, s := range regionCandidates(20000) {
		want, wantOK := spec(s)
		got, ok := PartitionOfRegion(s)
		if ok != wantOK || got.Name != want {
			t.Errorf("PartitionOfRegion(%q) = %q, %v; the SDK's patterns say %q, %v", s, got.Name, ok, want, wantOK)
		}
		if IsRegion(s) != wantOK {
			t.Errorf("IsRegion(%q) = %v, want %v", s, !wantOK, wantOK)
		}
		matched[want]++
	}
	for _, p := range sdkPartitions {
		if matched[p.name] == 0 {
			t.Errorf("no candidate is in partition %s, so the comparison proves little for it", p.name)
		}
	}
}

func TestPartitionsAreTheSDKs(t *testing.T) {
	want := make([]string, 0, len(sdkPartitions))
	for _, p := range sdkPartitions {
		want = append(want, p.name)
		for _, region := range p.regions {
			if got, ok := PartitionOfRegion(region); !ok || got.Name != p.name {
				t.Errorf("PartitionOfRegion(%q) = %q, %v; the SDK lists it in %s", region, got.Name, ok, p.name)
			}
		}
	}
	got := make([]string, 0, len(want))
	for _, p := range Partitions() {
		got = append(got, p.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Partitions() are not the SDK's, in its order (-want, +got):\n%s", diff)
	}
}

func TestPartitionOfRegion(t *testing.T) {
	cases := map[string]struct {
		reason string
		region string
		want   Partition
		ok     bool
	}{
		"Commercial":    {reason: "Most regions are in aws.", region: "us-east-2", want: Partition{Name: PartitionAWS, PodIdentity: true}, ok: true},
		"Mexico":        {reason: "mx- joined aws's pattern with mx-central-1.", region: "mx-central-1", want: Partition{Name: PartitionAWS, PodIdentity: true}, ok: true},
		"China":         {reason: "cn-* regions are in aws-cn.", region: "cn-north-1", want: Partition{Name: PartitionChina, PodIdentity: true}, ok: true},
		"GovCloud":      {reason: "us-gov-* regions are in aws-us-gov, not aws.", region: "us-gov-west-1", want: Partition{Name: PartitionGovCloud, PodIdentity: true}, ok: true},
		"ISO":           {reason: "us-iso-east-1 is aws-iso, where EKS has no eks-auth endpoint.", region: "us-iso-east-1", want: Partition{Name: PartitionISO}, ok: true},
		"ISOB":          {reason: "us-isob-* is aws-iso-b.", region: "us-isob-east-1", want: Partition{Name: PartitionISOB}, ok: true},
		"ISOE":          {reason: "eu-isoe-* is aws-iso-e, not aws's eu-.", region: "eu-isoe-west-1", want: Partition{Name: PartitionISOE}, ok: true},
		"ISOF":          {reason: "us-isof-* is aws-iso-f.", region: "us-isof-south-1", want: Partition{Name: PartitionISOF}, ok: true},
		"EUSC":          {reason: "The European Sovereign Cloud's first segment has four letters.", region: "eusc-de-east-1", want: Partition{Name: PartitionEUSC, PodIdentity: true}, ok: true},
		"EUSCOtherLand": {reason: "aws-eusc's pattern names only de.", region: "eusc-fr-east-1"},
		"Nowhere":       {reason: "zz is no partition's region prefix.", region: "zz-nowhere-99"},
		"Capitals":      {reason: "Region codes are lower case.", region: "us-EAST-2"},
		"NoNumber":      {reason: "A region ends with its number.", region: "us-east"},
		"ExtraSegment":  {reason: "\\w does not match '-': aws's pattern has one middle segment.", region: "us-north-east-1"},
		"PseudoRegion":  {reason: "aws-global is listed by the SDK but no cluster's region.", region: "aws-global"},
		"Empty":         {reason: "Nothing is no region.", region: ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := PartitionOfRegion(tc.region)
			if ok != tc.ok {
				t.Errorf("%s\nPartitionOfRegion(%q) ok = %v, want %v", tc.reason, tc.region, ok, tc.ok)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestPartitionOf(t *testing.T) {
	cases := map[string]struct {
		reason, region, want string
	}{
		"Commercial": {reason: "Most regions are in aws.", region: "us-east-2", want: PartitionAWS},
		"China":      {reason: "cn-* regions are in aws-cn.", region: "cn-north-1", want: PartitionChina},
		"GovCloud":   {reason: "us-gov-* regions are in aws-us-gov.", region: "us-gov-west-1", want: PartitionGovCloud},
		"ISO":        {reason: "ISO regions are no longer taken for aws.", region: "us-iso-east-1", want: PartitionISO},
		"NotRegion":  {reason: "What is no region falls back to the SDK's default partition.", region: "zz-nowhere-99", want: PartitionAWS},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := PartitionOf(tc.region); got != tc.want {
				t.Errorf("%s\nPartitionOf(%q) = %q, want %q", tc.reason, tc.region, got, tc.want)
			}
		})
	}
}

func TestPartitionNamed(t *testing.T) {
	for _, p := range Partitions() {
		if got, ok := PartitionNamed(p.Name); !ok || got != p {
			t.Errorf("PartitionNamed(%q) = %+v, %v; want %+v, true", p.Name, got, ok, p)
		}
	}
	if got, ok := PartitionNamed("aws-mars"); ok {
		t.Errorf("PartitionNamed(aws-mars) = %+v, true; AWS publishes no such partition", got)
	}
}

func TestPodIdentityAvailability(t *testing.T) {
	// From the SDK endpoint metadata: eks-auth endpoints exist in these
	// partitions and in no other.
	want := map[string]bool{PartitionAWS: true, PartitionChina: true, PartitionGovCloud: true, PartitionEUSC: true}
	for _, p := range Partitions() {
		if p.PodIdentity != want[p.Name] {
			t.Errorf("partition %s: PodIdentity = %v, want %v", p.Name, p.PodIdentity, want[p.Name])
		}
	}
}

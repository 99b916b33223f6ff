package main

import (
	"encoding/json"
	"fmt"
)

// policyVersion is the current IAM policy language version.
const policyVersion = "2012-10-17"

// podsPrincipal is the service principal of EKS Pod Identity: the same in
// every cluster, which is what makes the trust policy portable.
const podsPrincipal = "pods.eks.amazonaws.com"

// A policyDocument is an IAM policy document. Its fields are typed and it is
// encoded with encoding/json, so that no value can break out of its string.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal"`
	Action    []string                     `json:"Action"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Session tags EKS Pod Identity sets on every session, unless the
// association disables them.
const (
	tagClusterName    = "aws:RequestTag/eks-cluster-name"
	tagNamespace      = "aws:RequestTag/kubernetes-namespace"
	tagServiceAccount = "aws:RequestTag/kubernetes-service-account"
)

// trustPolicy is the trust policy AWS documents for EKS Pod Identity: the
// pods.eks.amazonaws.com service principal may assume the role and tag the
// session. sts:TagSession is required: the agent tags every session with the
// cluster, namespace and ServiceAccount. A trust scope narrows the policy,
// cumulatively, to the cluster, its namespace, then its ServiceAccount, with
// StringEquals conditions on those session tags; the default scope Any is the
// guide's portable policy.
func trustPolicy(scope, clusterName string, sa ServiceAccount) (string, error) {
	st := statement{
		Effect:    "Allow",
		Principal: map[string]string{"Service": podsPrincipal},
		Action:    []string{"sts:AssumeRole", "sts:TagSession"},
	}
	equals := map[string]string{}
	switch scope {
	case trustScopeServiceAccount:
		equals[tagServiceAccount] = sa.Name
		fallthrough
	case trustScopeNamespace:
		equals[tagNamespace] = sa.Namespace
		fallthrough
	case trustScopeCluster:
		equals[tagClusterName] = clusterName
	}
	if len(equals) > 0 {
		st.Condition = map[string]map[string]string{"StringEquals": equals}
	}
	doc := policyDocument{Version: policyVersion, Statement: []statement{st}}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("cannot encode the trust policy: %w", err)
	}
	return string(b), nil
}

#!/usr/bin/env python3
"""Regenerates server/data/service-principals.json.

Sources, in order:
1. service principals mined from real policies (AWS managed policies, AWS documentation examples,
   BishopFox iam-vulnerable): the corpus file service-principals.derived.tsv, whose second column holds
   the evidence (where and how often each principal was seen). Entries with wildcards or placeholders
   and AWS-internal test endpoints are left out.
2. principals named in the AWS documentation pages on service roles and PassRole that the mined
   corpus happens not to contain (listed in EXTRA below, each with the page it comes from).
Run: python3 scripts/data/service-principals.py test/corpus/service-principals.derived.tsv
"""
import csv, json, sys

EXTRA = {
    # AWS documentation: "AWS services that work with IAM" and each service's service-role page.
    'codedeploy.amazonaws.com': 'CodeDeploy service role (CodeDeploy User Guide)',
    'eks-fargate-pods.amazonaws.com': 'EKS Fargate pod execution role (EKS User Guide)',
    'eks-nodegroup.amazonaws.com': 'EKS managed node groups service-linked role (EKS User Guide)',
    'kinesisanalytics.amazonaws.com': 'Managed Service for Apache Flink service role (Developer Guide)',
    'tasks.apprunner.amazonaws.com': 'App Runner instance role (App Runner Developer Guide)',
    'dlm.amazonaws.com': 'Data Lifecycle Manager default role (EBS User Guide)',
    'es.amazonaws.com': 'OpenSearch Service (legacy Elasticsearch) service principal',
    'amplify.amazonaws.com': 'Amplify service role (Amplify Hosting User Guide)',
    'storagegateway.amazonaws.com': 'Storage Gateway file share role (Storage Gateway User Guide)',
    'workspaces.amazonaws.com': 'WorkSpaces default role (WorkSpaces Administration Guide)',
    'medialive.amazonaws.com': 'MediaLive access role (MediaLive User Guide)',
    'mediapackage.amazonaws.com': 'MediaPackage secrets role (MediaPackage User Guide)',
    'iotevents.amazonaws.com': 'IoT Events role (IoT Events Developer Guide)',
    'iotanalytics.amazonaws.com': 'IoT Analytics role (IoT Analytics User Guide)',
    'rekognition.amazonaws.com': 'Rekognition Video SNS role (Rekognition Developer Guide)',
    'transcribe.amazonaws.com': 'Transcribe data access role (Transcribe Developer Guide)',
    'comprehend.amazonaws.com': 'Comprehend data access role (Comprehend Developer Guide)',
    'translate.amazonaws.com': 'Translate batch role (Translate Developer Guide)',
    'textract.amazonaws.com': 'Textract SNS role (Textract Developer Guide)',
    'sqs.amazonaws.com': 'SQS service principal',
    'kms.amazonaws.com': 'KMS service principal',
    'route53.amazonaws.com': 'Route 53 service principal',
    'servicediscovery.amazonaws.com': 'Cloud Map service-linked role',
    'secretsmanager.amazonaws.com': 'Secrets Manager rotation',
    'kinesis.amazonaws.com': 'Kinesis Data Streams service principal',
    'xray.amazonaws.com': 'X-Ray service principal',
    'appconfig.amazonaws.com': 'AppConfig retrieval role (AppConfig User Guide)',
    'gamelift.amazonaws.com': 'GameLift fleet role (GameLift Developer Guide)',
    'appstream.amazonaws.com': 'AppStream 2.0 service role',
    'cassandra.amazonaws.com': 'Keyspaces service principal',
    'resiliencehub.amazonaws.com': 'Resilience Hub invoker role',
    'license-manager.amazonaws.com': 'License Manager service-linked role',
    'codestar-notifications.amazonaws.com': 'CodeStar Notifications service-linked role',
    'deepracer.amazonaws.com': 'DeepRacer service role',
    'emr-containers.amazonaws.com': 'EMR on EKS',
    'airflow-env.amazonaws.com': 'MWAA execution role (Amazon MWAA User Guide)',
    'tasks.apprunner.amazonaws.com': 'App Runner instance role (App Runner Developer Guide)',
    'build.apprunner.amazonaws.com': 'App Runner ECR access role (App Runner Developer Guide)',
    'ecs.application-autoscaling.amazonaws.com': 'Application Auto Scaling for ECS',
    'batch.amazonaws.com': 'AWS Batch service role (Batch User Guide)',
    'monitoring.rds.amazonaws.com': 'RDS Enhanced Monitoring role (RDS User Guide)',
    'rds.amazonaws.com': 'RDS service principal',
    'sts.amazonaws.com': 'STS (the audience of web-identity tokens; not a role-assuming service)',
    # Principals that assume a role handed over by a resource property (scripts/data/handoff-principals.json).
    'chatbot.amazonaws.com': 'Amazon Q Developer in chat applications (AWS Chatbot) channel role (Administrator Guide)',
    'streams.metrics.cloudwatch.amazonaws.com': 'CloudWatch metric stream role (CloudWatch User Guide, Trust between CloudWatch and Firehose)',
    'groundstation.amazonaws.com': 'Ground Station S3 recording config role (Ground Station User Guide)',
    'iottwinmaker.amazonaws.com': 'IoT TwinMaker workspace service role (IoT TwinMaker User Guide)',
    'supportapp.amazonaws.com': 'AWS Support App channel role (AWS Support User Guide)',
    'timestream.amazonaws.com': 'Timestream scheduled query execution role (Timestream Developer Guide)',
}
SKIP = {'lambda.beta.amazonaws.com', 'lambda.preprod.amazonaws.com'}

def main(tsv):
    out = {}
    with open(tsv) as f:
        rows = list(csv.reader(f, delimiter='\t'))
    for row in rows[1:]:
        name, evidence = row[0], row[1]
        if any(c in name for c in '*$<{') or name in SKIP:
            continue
        out[name] = 'mined: ' + evidence
    for name, why in EXTRA.items():
        out.setdefault(name, 'aws-docs: ' + why)
    doc = {
        '_source': 'Mined from AWS managed policies, AWS documentation examples and BishopFox iam-vulnerable '
                   '(service-principals.derived.tsv, evidence per entry), plus principals named in the AWS '
                   'documentation. Regenerate with scripts/data/service-principals.py.',
        'principals': dict(sorted(out.items())),
    }
    with open('server/data/service-principals.json', 'w') as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print(len(out), 'principals')

main(sys.argv[1])

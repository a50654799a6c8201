# The orders function and the policy of the pipeline that deploys it.

resource "aws_iam_role" "orders" {
  name = "orders-function"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.orders.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "orders.zip"
}

data "aws_iam_policy_document" "deployer" {
  statement {
    sid       = "UpdateFunctions"
    actions   = ["lambda:CreateFunction", "lambda:UpdateFunctionConfiguration"]
    resources = ["*"]
  }

  statement {
    sid       = "PassFunctionRoles"
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
}

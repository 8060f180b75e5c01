"""Build ``app/parsing/data/skills.json`` from the shared skill sources (``python -m`` this module).

Sources (see ``data/ATTRIBUTION.md``):

* Stack Overflow tags (popularity) and tag synonyms (aliases). Many synonyms are narrow -> broad
  ("jquery-ajax" -> "jquery", "jdk" -> "java"); only pairs that pass ``is_true_synonym`` are kept:
  spelling variants, versions, numeronyms (k8s), acronyms (aws) and abbreviations (js, postgres).
* O*NET technology examples (product names with display forms: "Microsoft Excel", "Apache Kafka").
* GitHub Linguist language names and aliases, filtered the same way (its "node" and "cake" are not).
* The skill-extractor vocabulary, as a filter ("is this tag a skill?") and for multi-word skills that
  job postings and resumes actually use.
* A hand-reviewed layer below (display names, extra aliases, words that need their exact case,
  everyday words that only count in a skills section, and professional skills outside IT).

Job postings and the resume CSV are read only for statistics (which spelling is usual, which words are
ordinary English); no text from them is written out.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import tokenize

OUTPUT = Path(__file__).resolve().parent / "data" / "skills.json"

# Popularity floors: a Stack Overflow tag with fewer questions is too niche for resume search.
MIN_TAG_QUESTIONS = 1_000
# An O*NET product used by fewer occupations is kept only when it is also a known skill word.
MIN_ONET_OCCUPATIONS = 3
# A multi-word vocabulary skill must appear in this many postings/resumes of the reference corpus.
MIN_PHRASE_DOCUMENTS = 3

# --- Hand-reviewed layer ---------------------------------------------------------------------------

# Display names the sources get wrong or leave lower-case.
DISPLAY: dict[str, str] = {
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "coffeescript": "CoffeeScript",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "sqlite": "SQLite",
    "mongodb": "MongoDB",
    "mariadb": "MariaDB",
    "couchdb": "CouchDB",
    "dynamodb": "DynamoDB",
    "amazon dynamodb": "Amazon DynamoDB",
    "node.js": "Node.js",
    "vue.js": "Vue.js",
    "d3.js": "D3.js",
    "ember.js": "Ember.js",
    "backbone.js": "Backbone.js",
    "knockout.js": "Knockout.js",
    "three.js": "Three.js",
    "socket.io": "Socket.IO",
    "express": "Express",
    "jquery": "jQuery",
    "jquery ui": "jQuery UI",
    "jquery mobile": "jQuery Mobile",
    ".net": ".NET",
    "asp.net": "ASP.NET",
    "asp.net mvc": "ASP.NET MVC",
    "asp.net web api": "ASP.NET Web API",
    "ado.net": "ADO.NET",
    "vb.net": "VB.NET",
    "c#": "C#",
    "c++": "C++",
    "f#": "F#",
    "objective-c": "Objective-C",
    "ios": "iOS",
    "macos": "macOS",
    "xcode": "Xcode",
    "github": "GitHub",
    "gitlab": "GitLab",
    "bitbucket": "Bitbucket",
    "kubernetes": "Kubernetes",
    "docker": "Docker",
    "tensorflow": "TensorFlow",
    "pytorch": "PyTorch",
    "scikit-learn": "scikit-learn",
    "numpy": "NumPy",
    "scipy": "SciPy",
    "pandas": "pandas",
    "matplotlib": "Matplotlib",
    "ggplot2": "ggplot2",
    "opencv": "OpenCV",
    "opengl": "OpenGL",
    "opencl": "OpenCL",
    "webgl": "WebGL",
    "php": "PHP",
    "phpunit": "PHPUnit",
    "phpmyadmin": "phpMyAdmin",
    "html": "HTML",
    "xhtml": "XHTML",
    "css": "CSS",
    "sass": "Sass",
    "less": "Less",
    "json": "JSON",
    "xml": "XML",
    "yaml": "YAML",
    "ajax": "AJAX",
    "rest": "REST",
    "soap": "SOAP",
    "graphql": "GraphQL",
    "sql": "SQL",
    "sql server": "Microsoft SQL Server",
    "nosql": "NoSQL",
    "pl/sql": "PL/SQL",
    "plsql": "PL/SQL",
    "t-sql": "T-SQL",
    "tsql": "T-SQL",
    "hiveql": "HiveQL",
    "hql": "HQL",
    "vba": "VBA",
    "vbscript": "VBScript",
    "powershell": "PowerShell",
    "wpf": "WPF",
    "wcf": "WCF",
    "winforms": "WinForms",
    "linq": "LINQ",
    "jsp": "JSP",
    "jsf": "JSF",
    "jpa": "JPA",
    "jdbc": "JDBC",
    "jms": "JMS",
    "ejb": "EJB",
    "junit": "JUnit",
    "testng": "TestNG",
    "nunit": "NUnit",
    "jmeter": "JMeter",
    "intellij idea": "IntelliJ IDEA",
    "pycharm": "PyCharm",
    "webstorm": "WebStorm",
    "phpstorm": "PhpStorm",
    "netbeans": "NetBeans",
    "rabbitmq": "RabbitMQ",
    "activemq": "ActiveMQ",
    "zeromq": "ZeroMQ",
    "elasticsearch": "Elasticsearch",
    "logstash": "Logstash",
    "hbase": "HBase",
    "hdfs": "HDFS",
    "mapreduce": "MapReduce",
    "apache kafka": "Apache Kafka",
    "apache spark": "Apache Spark",
    "apache pig": "Apache Pig",
    "apache flex": "Apache Flex",
    "oauth": "OAuth",
    "oauth 2.0": "OAuth 2.0",
    "jwt": "JWT",
    "ssl": "SSL",
    "ssh": "SSH",
    "http": "HTTP",
    "https": "HTTPS",
    "tcp": "TCP",
    "udp": "UDP",
    "dns": "DNS",
    "ftp": "FTP",
    "sftp": "SFTP",
    "smtp": "SMTP",
    "ldap": "LDAP",
    "iis": "IIS",
    "uml": "UML",
    "oop": "OOP",
    "tdd": "TDD",
    "bdd": "BDD",
    "mvc": "MVC",
    "mvvm": "MVVM",
    "orm": "ORM",
    "crm": "CRM",
    "erp": "ERP",
    "etl": "ETL",
    "seo": "SEO",
    "sem": "SEM",
    "gis": "GIS",
    "ocr": "OCR",
    "gpu": "GPU",
    "cuda": "CUDA",
    "fpga": "FPGA",
    "vhdl": "VHDL",
    "mpi": "MPI",
    "api": "API",
    "sdk": "SDK",
    "ide": "IDE",
    "svn": "SVN",
    "tfs": "TFS",
    "gwt": "GWT",
    "gcc": "GCC",
    "gdb": "GDB",
    "jvm": "JVM",
    "awk": "AWK",
    "sas": "SAS",
    "spss": "SPSS",
    "sap": "SAP",
    "abap": "ABAP",
    "ssis": "SSIS",
    "ssas": "SSAS",
    "ssrs": "SSRS",
    "ssms": "SSMS",
    "dax": "DAX",
    "mdx": "MDX",
    "xslt": "XSLT",
    "xpath": "XPath",
    "xquery": "XQuery",
    "xsd": "XSD",
    "wsdl": "WSDL",
    "svg": "SVG",
    "dom": "DOM",
    "cors": "CORS",
    "xss": "XSS",
    "csrf": "CSRF",
    "aes": "AES",
    "rsa": "RSA",
    "saml": "SAML",
    "amqp": "AMQP",
    "mqtt": "MQTT",
    "rpc": "RPC",
    "snmp": "SNMP",
    "voip": "VoIP",
    "lamp": "LAMP",
    "cms": "CMS",
    "ui": "UI",
    "ux": "UX",
    "bigquery": "BigQuery",
    "google bigquery": "Google BigQuery",
    "amazon s3": "Amazon S3",
    "amazon ec2": "Amazon EC2",
    "amazon rds": "Amazon RDS",
    "amazon redshift": "Amazon Redshift",
    "amazon web services": "AWS",
    "aws": "AWS",
    "google cloud platform": "Google Cloud Platform",
    "google app engine": "Google App Engine",
    "google analytics": "Google Analytics",
    "google sheets": "Google Sheets",
    "ci/cd": "CI/CD",
    "devops": "DevOps",
    "mlops": "MLOps",
    "power bi": "Power BI",
    "microsoft power bi": "Power BI",
    "tableau": "Tableau",
    "sharepoint": "SharePoint",
    "powerpoint": "PowerPoint",
    "wordpress": "WordPress",
    "woocommerce": "WooCommerce",
    "codeigniter": "CodeIgniter",
    "cakephp": "CakePHP",
    "laravel": "Laravel",
    "symfony": "Symfony",
    "django rest framework": "Django REST Framework",
    "sqlalchemy": "SQLAlchemy",
    "nginx": "nginx",
    "npm": "npm",
    "pip": "pip",
    "visual basic .net": "VB.NET",
    "unity3d": "Unity",
    "latex": "LaTeX",
    "matlab": "MATLAB",
    "simulink": "Simulink",
    "labview": "LabVIEW",
    "autocad": "AutoCAD",
    "solidworks": "SolidWorks",
    "quickbooks": "QuickBooks",
    "salesforce": "Salesforce",
    "servicenow": "ServiceNow",
    "hubspot": "HubSpot",
    "jira": "Jira",
    "confluence": "Confluence",
    "jenkins": "Jenkins",
    "circleci": "CircleCI",
    "travis ci": "Travis CI",
    "teamcity": "TeamCity",
    "sonarqube": "SonarQube",
    "ansible": "Ansible",
    "terraform": "Terraform",
    "openshift": "OpenShift",
    "openstack": "OpenStack",
    "vmware": "VMware",
    "virtualbox": "VirtualBox",
    "ubuntu": "Ubuntu",
    "linux": "Linux",
    "unix": "Unix",
    "debian": "Debian",
    "redhat": "Red Hat",
    "red hat enterprise linux": "Red Hat Enterprise Linux",
    "db2": "IBM DB2",
    "ibm db2": "IBM DB2",
    "teradata": "Teradata",
    "neo4j": "Neo4j",
    "couchbase": "Couchbase",
    "memcached": "Memcached",
    "redis": "Redis",
    "cassandra": "Apache Cassandra",
    "apache cassandra": "Apache Cassandra",
    "hadoop": "Apache Hadoop",
    "apache hadoop": "Apache Hadoop",
    "hive": "Apache Hive",
    "apache hive": "Apache Hive",
    "maven": "Apache Maven",
    "apache maven": "Apache Maven",
    "ant": "Apache Ant",
    "tomcat": "Apache Tomcat",
    "apache tomcat": "Apache Tomcat",
    "solr": "Apache Solr",
    "web services": "Web Services",
    "machine learning": "Machine Learning",
    "deep learning": "Deep Learning",
    "artificial intelligence": "Artificial Intelligence",
    "computer vision": "Computer Vision",
    "data science": "Data Science",
    "data structures": "Data Structures",
    "unit testing": "Unit Testing",
    "ruby on rails": "Ruby on Rails",
    "spring mvc": "Spring MVC",
    "spring boot": "Spring Boot",
    "spring security": "Spring Security",
    "spring data jpa": "Spring Data JPA",
    "entity framework": "Entity Framework",
    "visual studio": "Visual Studio",
    "visual studio code": "Visual Studio Code",
    "ms access": "Microsoft Access",
    "microsoft access": "Microsoft Access",
    "ms word": "Microsoft Word",
    "ms office": "Microsoft Office",
    "excel": "Microsoft Excel",
    "microsoft excel": "Microsoft Excel",
    "outlook": "Microsoft Outlook",
    "microsoft outlook": "Microsoft Outlook",
    "microsoft office": "Microsoft Office",
    "ms project": "Microsoft Project",
    "react": "React",
    "reactjs": "React",
    "react native": "React Native",
    "angular": "Angular",
    "angularjs": "AngularJS",
    "next.js": "Next.js",
    "flutter": "Flutter",
    "keras": "Keras",
    "airflow": "Apache Airflow",
    "apache airflow": "Apache Airflow",
    "snowflake": "Snowflake",
    "databricks": "Databricks",
    "pyspark": "PySpark",
    "spark": "Apache Spark",
    "kafka": "Apache Kafka",
    "golang": "Go",
    "go": "Go",
    "r": "R",
    "c": "C",
    "e-commerce": "E-commerce",
    "a/b testing": "A/B Testing",
}

# Aliases the sources lack. Keys are canonical keys (lower case).
EXTRA_ALIASES: dict[str, list[str]] = {
    "javascript": ["ecmascript", "es6", "es2015", "java script", "vanilla js"],
    "typescript": ["ts"],
    "visual basic .net": ["vb.net", "vb .net", "vbnet", "vb dot net"],
    "kubernetes": ["k8s", "kube"],
    "postgresql": ["postgres", "psql", "postgre sql", "pgsql"],
    "microsoft sql server": ["mssql", "ms sql", "ms sql server", "sql server", "sqlserver", "mssqlserver"],
    "node.js": ["nodejs", "node js"],
    "react": ["reactjs", "react.js", "react js"],
    "angular": ["angular 2", "angular2+"],
    "vue.js": ["vuejs", "vue", "vue js"],
    "next.js": ["nextjs"],
    "c#": ["c sharp", "csharp", "c#.net"],
    "c++": ["cpp", "cplusplus", "c plus plus"],
    ".net": ["dotnet", "dot net", ".net framework", "microsoft .net framework", ".net core", "dotnet core"],
    "asp.net": ["asp dot net", "asp.net core", "microsoft asp.net"],
    "go": ["golang", "go lang", "go programming language"],
    "r": ["r programming", "r language", "rstats", "r studio"],
    "objective-c": ["objective c", "objc", "obj-c"],
    "ci/cd": [
        "cicd",
        "ci-cd",
        "ci / cd",
        "continuous integration and continuous delivery",
        "continuous integration and continuous deployment",
        "continuous integration/continuous delivery",
        "continuous integration/continuous deployment",
    ],
    "aws": ["amazon web services", "amazon aws"],
    "google cloud platform": ["gcp", "google cloud"],
    "microsoft azure": ["azure", "ms azure", "windows azure"],
    "machine learning": ["ml"],
    "artificial intelligence": ["ai"],
    "natural language processing": ["nlp"],
    "deep learning": ["dl"],
    "scikit-learn": ["sklearn", "scikit learn"],
    "tensorflow": ["tf", "tensor flow"],
    "microsoft excel": ["ms excel", "msexcel", "excel"],
    "microsoft word": ["ms word", "msword"],
    "microsoft powerpoint": ["ms powerpoint", "powerpoint", "power point"],
    "microsoft office": ["ms office", "msoffice", "microsoft office suite", "ms office suite"],
    "microsoft access": ["ms access"],
    "microsoft outlook": ["ms outlook", "outlook"],
    "microsoft project": ["ms project"],
    "microsoft visio": ["ms visio", "visio"],
    "power bi": ["powerbi", "microsoft power bi", "power-bi"],
    "ruby on rails": ["rails", "ror", "ruby-on-rails"],
    "spring boot": ["springboot"],
    "visual studio code": ["vscode", "vs code"],
    "apache spark": ["spark"],
    "apache kafka": ["kafka"],
    "apache hadoop": ["hadoop"],
    "apache hive": ["hive"],
    "apache airflow": ["airflow"],
    "apache maven": ["maven"],
    "apache tomcat": ["tomcat"],
    "apache cassandra": ["cassandra"],
    "apache solr": ["solr"],
    "amazon s3": ["s3", "aws s3"],
    "amazon ec2": ["ec2", "aws ec2"],
    "mongodb": ["mongo", "mongo db"],
    "elasticsearch": ["elastic search"],
    "rest": ["restful", "rest api", "restful api", "restful apis", "rest apis", "restful web services"],
    "html": ["html5", "html 5"],
    "css": ["css3", "css 3"],
    "a/b testing": ["ab testing", "split testing"],
    "jira": ["atlassian jira"],
    "e-commerce": ["ecommerce", "e commerce"],
    "unix": ["unix/linux"],
    "shell scripting": ["shell script", "shell scripts", "unix shell scripting", "bash scripting"],
    "pl/sql": ["plsql", "oracle pl/sql", "pl-sql", "pl sql"],
    "t-sql": ["tsql", "transact-sql", "transact sql"],
    "sql": ["structured query language"],
    "microsoft sql server integration services": ["ssis"],
    "microsoft sql server reporting services": ["ssrs"],
    "data structures": ["data structure", "data structures and algorithms", "dsa"],
    "object-oriented programming": ["oop", "oops", "object oriented programming", "oops concepts"],
    "user interface design": ["ui design"],
    "user experience design": ["ux design", "user experience"],
    "quickbooks": ["intuit quickbooks", "quick books"],
    "sap": ["sap erp"],
    "salesforce": ["salesforce.com", "sfdc", "salesforce crm"],
    "selenium": ["selenium webdriver", "selenium-webdriver", "webdriver"],
    "devops": ["dev ops"],
    "search engine optimization": ["seo"],
    "customer relationship management": ["crm"],
    "enterprise resource planning": ["erp"],
    "extract transform load": ["etl"],
    "accounts payable": ["a/p"],
    "accounts receivable": ["a/r"],
    "human resources information system": ["hris"],
    "generally accepted accounting principles": ["gaap", "us gaap"],
    "cardiopulmonary resuscitation": ["cpr"],
    "basic life support": ["bls"],
    "advanced cardiac life support": ["acls"],
    "electronic health records": ["ehr", "emr", "electronic medical records"],
}

# Canonical skills no source spells out the way resumes do (or that the sources lack entirely).
EXTRA_SKILLS: list[str] = [
    "CI/CD",
    "Microsoft Azure",
    "Natural Language Processing",
    "Shell Scripting",
    "Object-Oriented Programming",
    "Microservices",
    "Agile",
    "Scrum",
    "Kanban",
    "Waterfall",
    "Test-Driven Development",
    "Continuous Integration",
    "Continuous Delivery",
    "Docker",
    "Kubernetes",
    "Terraform",
    "DevOps",
    "T-SQL",
    "Visual Studio Code",
    "Google Cloud Platform",
    "Eclipse",
    "Machine Learning",
    "Deep Learning",
    "Artificial Intelligence",
    "Computer Vision",
    "Data Science",
    "Data Structures",
    "Algorithms",
    "Design Patterns",
    "Unit Testing",
    "Web Services",
    "Web Development",
    "Software Development",
    "Helm",
    "Prometheus",
    "Grafana",
    "Kibana",
    "Splunk",
    "Nagios",
    "Jenkins",
    "Flutter",
    "Keras",
    "Snowflake",
    "Databricks",
    "Next.js",
    "React Native",
    "Angular",
    "Swift",
    "Kotlin",
    "Power BI",
    "Looker",
    "Qlik",
    "QlikView",
    "Alteryx",
    "Informatica",
    "Talend",
    "Data Warehousing",
    "Data Mining",
    "Data Visualization",
    "Data Analysis",
    "Data Modeling",
    "Big Data",
    "Business Intelligence",
    "Cloud Computing",
    "Penetration Testing",
    "Network Security",
    "Information Security",
    "Cyber Security",
    "Ethical Hacking",
    "Firewalls",
    "Routing and Switching",
    "CCNA",
    "CCNP",
    "ITIL",
    "PMP",
    "Six Sigma",
    "Lean Manufacturing",
    "Kaizen",
    "ISO 9001",
    "Manual Testing",
    "Automation Testing",
    "Regression Testing",
    "Performance Testing",
    "Load Testing",
    "API Testing",
    "Postman",
    "SoapUI",
    "Cucumber",
    "Appium",
    "LoadRunner",
    "QTP",
    "HP ALM",
    "Blockchain",
    "Ethereum",
    "Solidity",
    "Hyperledger",
    "Smart Contracts",
    "User Interface Design",
    "User Experience Design",
    "Web Design",
    "Graphic Design",
    "Responsive Web Design",
    "Bootstrap",
    "Figma",
    "Sketch",
    "Adobe XD",
    "SAP HANA",
    "SAP ABAP",
    "SAP FICO",
    "SAP MM",
    "SAP SD",
    "SAP BW",
    "Oracle E-Business Suite",
    "PeopleSoft",
    "Workday",
    # Professional skills outside IT; the technical sources have almost none of these.
    "Accounting",
    "Bookkeeping",
    "Accounts Payable",
    "Accounts Receivable",
    "General Ledger",
    "Payroll",
    "Budgeting",
    "Forecasting",
    "Financial Analysis",
    "Financial Reporting",
    "Financial Modeling",
    "Auditing",
    "Internal Audit",
    "Tax Preparation",
    "Account Reconciliation",
    "Bank Reconciliation",
    "Cost Accounting",
    "Generally Accepted Accounting Principles",
    "IFRS",
    "Sarbanes-Oxley",
    "Customer Service",
    "Cold Calling",
    "Lead Generation",
    "Account Management",
    "Business Development",
    "Negotiation",
    "Customer Relationship Management",
    "Enterprise Resource Planning",
    "Extract Transform Load",
    "Search Engine Optimization",
    "Merchandising",
    "Visual Merchandising",
    "Retail Sales",
    "Inventory Management",
    "Inventory Control",
    "Supply Chain Management",
    "Logistics",
    "Procurement",
    "Vendor Management",
    "Project Management",
    "Program Management",
    "Risk Management",
    "Change Management",
    "Quality Assurance",
    "Quality Control",
    "Recruiting",
    "Talent Acquisition",
    "Onboarding",
    "Employee Relations",
    "Benefits Administration",
    "Performance Management",
    "Training and Development",
    "Human Resources Information System",
    "Compensation and Benefits",
    "Labor Relations",
    "Conflict Resolution",
    "Public Relations",
    "Media Relations",
    "Social Media Marketing",
    "Digital Marketing",
    "Email Marketing",
    "Content Marketing",
    "Market Research",
    "Copywriting",
    "Proofreading",
    "Technical Writing",
    "Event Planning",
    "Photography",
    "Video Editing",
    "Patient Care",
    "Cardiopulmonary Resuscitation",
    "Basic Life Support",
    "Advanced Cardiac Life Support",
    "First Aid",
    "Phlebotomy",
    "Electronic Health Records",
    "HIPAA",
    "Medical Billing",
    "Medical Coding",
    "ICD-10",
    "Medical Terminology",
    "Vital Signs",
    "Food Safety",
    "ServSafe",
    "Menu Development",
    "Menu Planning",
    "Catering",
    "Food Preparation",
    "Culinary Arts",
    "Baking",
    "Personal Training",
    "Nutrition",
    "Group Fitness",
    "Lesson Planning",
    "Classroom Management",
    "Curriculum Development",
    "Tutoring",
    "Special Education",
    "Legal Research",
    "Legal Writing",
    "Litigation",
    "Contract Negotiation",
    "Contract Management",
    "Case Management",
    "Blueprint Reading",
    "Construction Management",
    "Cost Estimating",
    "OSHA",
    "Welding",
    "Carpentry",
    "Plumbing",
    "HVAC",
    "Preventive Maintenance",
    "Troubleshooting",
    "Forklift Operation",
    "Aircraft Maintenance",
    "Flight Planning",
    "Fashion Design",
    "Pattern Making",
    "Textiles",
    "Loan Processing",
    "Underwriting",
    "Credit Analysis",
    "Anti-Money Laundering",
    "Know Your Customer",
    "Cash Handling",
    "Call Center",
    "Data Entry",
    "Typing",
    "Time Management",
    "Team Leadership",
    "Leadership",
    "Communication",
    "Problem Solving",
    "Critical Thinking",
    "Teamwork",
    "Public Speaking",
    "Presentation Skills",
    "Mentoring",
    "Coaching",
    "Strategic Planning",
    "Process Improvement",
    "Operations Management",
    "Team Management",
    "Stakeholder Management",
    "Requirements Gathering",
    "Business Analysis",
    "Product Management",
    "Statistics",
    "Statistical Analysis",
    "Regression Analysis",
    "Hypothesis Testing",
    "Predictive Modeling",
    "Time Series Analysis",
    "Sentiment Analysis",
    "Neural Networks",
    "Reinforcement Learning",
]

# Words that are skills only with their exact case (and in upper case): "Go" yes, "go" no.
EXACT_CASE: set[str] = set(
    """
    Go R C D Swift Rust Dart Julia Ada Scheme Elm Crystal Pascal Logo Forth Basic Chef Puppet Salt
    Spring Express Ember Backbone Flask Bottle Pyramid Meteor Polymer Mocha Jasmine Chai Jest Karma
    Cypress Cucumber Robot Sketch Canvas Unity Slack Zoom Box Square Stripe Ghost Vault Consul Packer
    Helm Storm Looker Shiny Access Word Project Teams Excel Outlook Office Windows Publisher Lean Agile
    Sage Apex Groovy Ant Make Less Shell Rails Vim Atom Eclipse Prism Airflow Snowflake Bootstrap
""".split()
)

# Everyday words that are also skills: matched only where a skills list is being read.
SECTION_ONLY: set[str] = set(
    """
    Go R C D Chef Spring Access Word Project Teams Office Publisher Lean Box Square Zoom Slack Make
    Basic Logo Forth Salt Robot Canvas Sketch Storm Less Prism Apex Communication Leadership Teamwork
    Negotiation Coaching Mentoring Typing Troubleshooting Forecasting Budgeting Statistics Nutrition
    Baking Catering Logistics Procurement Recruiting Onboarding Tutoring Photography Accounting Auditing
    Payroll Litigation Underwriting Plumbing Carpentry Welding Textiles Merchandising Bookkeeping
    Copywriting Proofreading Unity Shell Windows Excel
""".split()
)

# Stack Overflow tags that are programming concepts or ordinary words, not resume skills.
DROP_TAGS: set[str] = set(
    """
    fluent analytical spreadsheet email
    arrays string function list performance database image loops file class date sorting dictionary
    validation datetime for-loop object if-statement parsing listview templates variables asynchronous
    web session recursion url math exception inheritance join post redirect button select random input
    serialization iframe indexing mobile checkbox struct filter time dynamic replace browser dll types
    cmd reflection foreach error-handling while-loop deployment encoding hash group-by collections
    service merge printing terminal split build view scroll module enums syntax parameters colors fonts
    constructor count timer interface forms email pointers events search memory text methods vector
    video layout import charts map maps line row max future space options quotes contacts startup
    matching desktop release payment distribution factory expect feed var dry elf mean nest blade breeze
    liquid processing ads graph logic matrix logging caching audio cookies installation lambda tabs
    navigation calendar console linker attributes dependencies grid tags components queue fetch
    migration containers timeout hex export kernel mapping closures locking controls singleton cursor
    constraints alignment runtime expression streaming schema signals config hosting protocols render
    views translation customization cpu mouse mutex upgrade precision amazon replication scheduler
    libraries executable assets transparency spreadsheet adobe chat backup ram scaling physics
    normalization sandbox trace positioning acl gnu sudo contour scope routes controller plugins
    triggers permissions transactions routing event-handling garbage-collection base64 synchronization
    app-store programming-languages open-source string-matching sip edge adt avd gem keypress lightbox
    core-audio file-upload drop-down-menu html-table async-await utf-8 datatable file-io compatibility
    obfuscation window-functions remote-access web-hosting versioning basic-authentication partitioning
    aggregation messaging social-networking metrics finance statistics classification workflow graphics
    animation security testing user-interface web-applications memory-management memory-leaks
    data-binding action just red orders rules status sharing tape timing provider progress radio voice
    instruments fixtures fabric composition evaluation extraction allocation projection broadcast
    specifications verification sampling geo es ice sam ear lex nix j m v d latency publishing shipping
    packaging wireless scalability macros accessibility authorization ranking
""".split()
)

# Aliases that are never safe: other meanings dominate ("cv" is a resume, "it" a pronoun).
BAD_ALIASES: set[str] = set(
    """
    cv it ml dl ai tf ts pm ba hr qa me us go node cake inc rake apache sh rb rs py3 pl js2 as ant make
    mean lamp crystal solid wave square box vue kube webdriver rails spark hive kafka airflow maven
    tomcat cassandra solr outlook excel visio powerpoint s3 ec2 mongo
""".split()
)
# ... except where the alias is written in this exact case (acronyms and product words).
EXACT_ALIASES: dict[str, list[str]] = {
    "machine learning": ["ML"],
    "deep learning": ["DL"],
    "artificial intelligence": ["AI"],
    "tensorflow": ["TF"],
    "typescript": ["TS"],
    "vue.js": ["Vue"],
    "ruby on rails": ["Rails"],
    "apache spark": ["Spark", "SPARK"],
    "apache hive": ["Hive", "HIVE"],
    "apache kafka": ["Kafka", "KAFKA"],
    "apache airflow": ["Airflow"],
    "apache maven": ["Maven", "MAVEN"],
    "apache tomcat": ["Tomcat", "TOMCAT"],
    "apache cassandra": ["Cassandra"],
    "apache solr": ["Solr"],
    "microsoft outlook": ["Outlook"],
    "microsoft excel": ["Excel", "EXCEL", "MS-Excel"],
    "microsoft visio": ["Visio"],
    "microsoft powerpoint": ["PowerPoint", "Powerpoint", "POWERPOINT"],
    "amazon s3": ["S3"],
    "amazon ec2": ["EC2"],
    "mongodb": ["Mongo"],
    "selenium": ["WebDriver"],
    "microsoft word": ["Word", "WORD"],
    "microsoft access": ["Access"],
}

# Heads of multi-word vocabulary phrases that name a skill ("supply chain management", "unit testing").
SKILL_HEADS: set[str] = set(
    """
    management analysis analytics accounting service services planning development testing learning
    engineering design marketing reporting control modeling modelling programming administration
    recruitment recruiting negotiation budgeting forecasting auditing compliance safety maintenance
    scheduling training coaching sales research writing editing communication communications leadership
    optimization visualization mining processing security networking integration automation migration
    governance architecture computing scripting warehousing troubleshooting relations operations
    assessment estimation estimating inspection repair installation construction support care therapy
    billing coding bookkeeping payroll procurement purchasing merchandising logistics reconciliation
    underwriting statistics science intelligence vision recognition manufacturing welding drafting
    photography preparation instruction teaching tutoring counseling nursing cooking baking handling
    entry
""".split()
)

# Software vendors whose name O*NET puts before the product ("Intuit QuickBooks"); stripping them gives
# the name resumes use. Only these are stripped: many O*NET names start with a company of several
# words ("Hewlett Packard QuickTest Professional") that a first-word rule would cut in the wrong place.
VENDORS: set[str] = set(
    """
    Microsoft Oracle Adobe IBM Apache Google ESRI Esri SAP Autodesk Apple Sage Amazon Bentley Avid Corel
    Atlassian Trimble Allscripts Intuit Siemens Cisco Cerner Salesforce Blackbaud Cadence Synopsys
    VMware Citrix Novell Symantec McAfee Kronos Infor Epicor JetBrains Facebook Meta Embarcadero Intel
    NVIDIA Wolfram StataCorp Minitab Qlik Teradata Informatica Splunk Elastic Pixologic Maxon Eclipse
    Jenkins Alteryx Tableau Kofax Hyland OpenText Mentor Altair Ansys ANSYS PTC Unity Zoho Xero NetSuite
    Workday ServiceNow Veeva Medidata Meditech MEDITECH Epic
""".split()
)
# Product words that mean nothing without their vendor ("Google Cloud", "Microsoft Dynamics").
NEVER_BARE: set[str] = set(
    """
    cloud database server suite platform analytics ads drive docs sheets slides meet sites calendar
    translate video maps earth classroom mail teams project access word office paint publisher money
    exchange dynamics forms stream sway photos music notes keep chat voice search books scholar news
    workspace business enterprise reports reader studio designer builder manager connect sync store
    fluent analytical spreadsheet email contribute
    """.split()
)
# Acronyms that read as words in a resume ("ADS", "POS", "ETC"): only their long form is kept.
WORDLIKE_ACRONYMS = {
    "ads",
    "pos",
    "etc",
    "it",
    "can",
    "one",
    "all",
    "aim",
    "act",
    "art",
    "cat",
    "pest",
    "sat",
    "net",
    "moss",  # Microsoft Office SharePoint Server, and a surname
}
# O*NET products whose name collides with a far better-known skill, or that parse into nonsense.
ONET_SKIP = {"Schlumberger ECLIPSE", "Bing for Power BI"}
# Category acronyms: "SAP ERP" without its vendor would be "ERP", the category, not the product.
CATEGORY_ACRONYMS = {
    "ERP",
    "CRM",
    "HCM",
    "HR",
    "HRIS",
    "BI",
    "POS",
    "CMS",
    "EHR",
    "EMR",
    "MRP",
    "PLM",
    "SCM",
    "DMS",
}
MULTIWORD_VENDORS = (
    "The MathWorks",
    "Hewlett Packard",
    "Dassault Systemes",
    "Red Hat",
    "SAS Institute",
    "Thomson Reuters",
)

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z][A-Za-z0-9]{1,7}$")
_VERSION_SUFFIX = re.compile(r"[-.]?v?\d+(?:\.\d+)*(?:\.x)?$")
_SMALL_WORDS = {"and", "of", "for", "in", "on", "the", "to", "with", "a", "an", "or", "as", "at", "by"}


def key(term: str) -> str:
    """Identity of a term for merging: lower case, hyphens and underscores as spaces, tokenised."""
    return " ".join(token.lower() for token in tokenize(re.sub(r"(?<=\w)[-_](?=\w)", " ", term)))


def squash(term: str) -> str:
    """Letters and digits only, with # and ++ spelt out: "C-Sharp" == "c#", "cpp" == "c++"."""
    term = term.lower().replace("#", "sharp").replace("++", "pp")
    return re.sub(r"[^a-z0-9]", "", term)


def is_true_synonym(source: str, target: str) -> bool:
    """Whether a Stack Overflow-style pair names the same thing rather than a narrower one."""
    source, target = source.lower(), target.lower()
    s, t = squash(source), squash(target)
    if not s or not t or s == t:
        return bool(s) and s == t
    if re.fullmatch(re.escape(target) + _VERSION_SUFFIX.pattern, source):
        return True  # html5 -> html, python-3 -> python: the version is not a different skill
    if s in (t + "lang", t + "language", t + "js"):
        return True  # golang, r-language, reactjs
    numeronym = re.fullmatch(r"([a-z])(\d+)([a-z])", source)
    if numeronym and len(t) == int(numeronym.group(2)) + 2:
        return t[0] == numeronym.group(1) and t[-1] == numeronym.group(3)  # k8s, i18n
    words = [w for w in re.split(r"[-\s.]+", target) if w]
    if len(words) > 1 and len(source) >= 2 and source.isalnum():
        initials = "".join(w[0] for w in words)
        content = "".join(w[0] for w in words if w not in _SMALL_WORDS)
        if source in (initials, content):
            return True  # aws, gcp, ror
    single_word = target.isalnum()
    if (
        single_word
        and source.isalpha()
        and len(s) < len(t)
        and source[0] == t[0]
        and (len(s) >= 3 or s in {"js", "py"})
    ):
        remaining = iter(t)
        return all(char in remaining for char in s)  # js, postgres, py: letters in order
    return False


@dataclass
class Entry:
    """A canonical skill while the catalogue is assembled."""

    name: str
    aliases: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    section_only: set[str] = field(default_factory=set)
    priority: int = 0
    sources: set[str] = field(default_factory=set)


class Builder:
    """Canonical entries keyed by ``key(name)``, with every alias key pointing at its owner."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.owner: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []

    def find(self, term: str) -> str | None:
        """The canonical key that ``term`` (a name or an alias) belongs to."""
        k = key(term)
        return k if k in self.entries else self.owner.get(k)

    def add(self, name: str, aliases: Iterable[str] = (), *, source: str, priority: int = 0) -> str:
        """Add a skill, or merge it into the entry one of its forms already belongs to."""
        forms = [name, *aliases]
        target = next((found for found in map(self.find, forms) if found is not None), None)
        if target is None:
            target = key(name)
            self.entries[target] = Entry(name=name, priority=priority)
            self.owner[target] = target
        entry = self.entries[target]
        entry.sources.add(source)
        if priority > entry.priority:
            # A better-sourced display name: keep the old one as an alias.
            entry.aliases.add(entry.name)
            entry.name, entry.priority = name, priority
        for form in forms:
            self.add_alias(target, form)
        return target

    def add_alias(self, target: str, alias: str, *, reviewed: bool = False) -> None:
        """Attach an alias unless it is unsafe or names another skill (a reviewed alias merges that one)."""
        k = key(alias)
        if not k or k in BAD_ALIASES:
            return
        owner = self.owner.get(k)
        if owner is not None and owner != target:
            if reviewed:
                self.merge(owner, into=target)
            else:
                self.conflicts.append((alias, owner, target))
            return
        self.owner[k] = target
        if k != key(self.entries[target].name):
            self.entries[target].aliases.add(alias)

    def merge(self, other: str, *, into: str) -> None:
        """Fold entry ``other`` into entry ``into``: its name becomes an alias, its aliases move."""
        merged = self.entries.pop(other)
        entry = self.entries[into]
        entry.sources |= merged.sources
        entry.exact |= merged.exact
        entry.aliases |= {merged.name, *merged.aliases}
        for alias_key, owner in self.owner.items():
            if owner == other:
                self.owner[alias_key] = into


@dataclass
class Sources:
    """Everything read from the shared data directory."""

    tags: dict[str, int]
    synonyms: list[tuple[str, str]]
    vocabulary: set[str]
    linguist: list[dict[str, object]]
    onet: Counter[str]
    onet_hot: set[str]
    # Plain professional English (O*NET occupation descriptions): the yardstick for "everyday word".
    prose: list[str]
    # Job postings and resumes: which skills and spellings are in use.
    corpus: list[str]
    postings: list[str]


def read_sources(root: Path) -> Sources:
    """Load the shared skill files and the reference corpus (postings, resume CSV, O*NET prose)."""
    skills = root / "skills"
    with (skills / "stackoverflow_tags.csv").open(encoding="utf-8") as handle:
        tags = {row["TagName"]: int(row["Count"] or 0) for row in csv.DictReader(handle)}
    with (skills / "stackoverflow_tag_synonyms.csv").open(encoding="utf-8") as handle:
        synonyms = [(row["SourceTagName"], row["TargetTagName"]) for row in csv.DictReader(handle)]
    vocabulary = set(json.loads((skills / "skill_vocabulary.json").read_text(encoding="utf-8")))
    linguist = json.loads((skills / "linguist_language_aliases.json").read_text(encoding="utf-8"))
    onet: Counter[str] = Counter()
    onet_hot: set[str] = set()
    with (skills / "onet" / "technology_skills.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            onet[row["Example"]] += 1
            if row["Hot Technology"] == "Y" or row["In Demand"] == "Y":
                onet_hot.add(row["Example"])
    with (skills / "onet" / "occupation_data.tsv").open(encoding="utf-8") as handle:
        prose = [row["Description"] for row in csv.DictReader(handle, delimiter="\t")]
    csv.field_size_limit(sys.maxsize)
    with (root / "jobs" / "glassdoor_data_science_jobs.csv").open(encoding="utf-8") as handle:
        postings = [row["Job Description"] for row in csv.DictReader(handle)]
    with (root / "resumes" / "updated_resume_dataset.csv").open(encoding="utf-8") as handle:
        resumes = sorted({ftfy.fix_text(row["Resume"]) for row in csv.DictReader(handle)})
    return Sources(
        tags=tags,
        synonyms=synonyms,
        vocabulary=vocabulary,
        linguist=linguist,
        onet=onet,
        onet_hot=onet_hot,
        prose=prose,
        corpus=postings + resumes,
        postings=postings,
    )


class _CaseCounts:
    """Mid-sentence lower-case and capitalised occurrences of each token in some prose."""

    def __init__(self, prose: Iterable[str]) -> None:
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        for text in prose:
            text = re.sub(r"\S+://\S+|www\.\S+|\S+@\S+", " ", text)  # addresses are not words
            for sentence in re.split(r"[.!?:;\n•]\s*", text):
                for token in tokenize(sentence)[1:]:
                    if token.islower():
                        self.lower[token] += 1
                    elif token[:1].isupper():
                        self.capital[token.lower()] += 1

    def mostly_lower(self, word: str, minimum: int) -> bool:
        return self.lower[word] >= minimum and self.lower[word] >= self.capital[word]


class Usage:
    """Tells everyday English words from product names by how prose writes them.

    O*NET occupation descriptions are plain professional English: a word written there in lower
    case is ordinary. Job postings are bigger but write tools in lower case too ("pandas", "spark"),
    so they only count for words no skill source knows ("contribute", "cloud").
    """

    def __init__(self, english: Iterable[str], postings: Iterable[str], known: set[str]) -> None:
        self.english = _CaseCounts(english)
        self.postings = _CaseCounts(postings)
        self.known = known

    def is_word(self, term: str) -> bool:
        """Whether a single-word term is an everyday English word (too ambiguous to match in prose)."""
        folded = term.lower()
        if " " in folded:
            return False
        if self.english.mostly_lower(folded, 2):
            return True
        return folded not in self.known and self.postings.mostly_lower(folded, 3)


def surface_forms(corpus: Iterable[str], keys: set[str]) -> dict[str, Counter[str]]:
    """How each catalogue key is written in the corpus ("PostgreSQL" vs "postgresql")."""
    forms: dict[str, Counter[str]] = {}
    for text in corpus:
        tokens = tokenize(text)
        folded = [key(token) for token in tokens]
        for size in range(1, 4):
            for start in range(len(tokens) - size + 1):
                k = " ".join(folded[start : start + size])
                if k in keys:
                    forms.setdefault(k, Counter())[" ".join(tokens[start : start + size])] += 1
    return forms


def title_case(term: str) -> str:
    """A display form for a lower-case source name: "supply chain management" -> "Supply Chain Management"."""
    words = term.replace("-", " ").split()
    shown = []
    for index, word in enumerate(words):
        if index and word in _SMALL_WORDS:
            shown.append(word)
        elif word.isalpha() and (len(word) <= 3 or (len(word) == 4 and not re.search(r"[aeiouy]", word))):
            shown.append(word.upper())  # sql, css, php, xml, adb, dpi: short names are acronyms
        elif word.isalpha():
            shown.append(word[0].upper() + word[1:])
        else:
            shown.append(word)
    return " ".join(shown)


def _abbreviates(acronym: str, long_form: str) -> bool:
    """Whether the letters of ``acronym`` occur in order in ``long_form``, starting at its start."""
    letters = [char for char in acronym.lower() if char.isalpha()]
    text = long_form.lower()
    if not letters or not text or letters[0] != text[0]:
        return False
    remaining = iter(text)
    return all(char in remaining for char in letters)


def is_ordinary(term: str, usage: Usage) -> bool:
    """Whether a term is an everyday word by usage statistics or by the reviewed lists."""
    return usage.is_word(term) or term in EXACT_CASE or term in SECTION_ONLY or term.lower() in NEVER_BARE


def parse_onet(example: str, usage: Usage, hot: bool = False) -> tuple[str, set[str]] | None:
    """Display name and aliases of an O*NET product ("Microsoft Excel" -> "Microsoft Excel", {"Excel"})."""
    if example in ONET_SKIP:
        return None
    text = re.sub(r"\s*\([^)]*\)", "", example).strip()
    generic_suffix = text.endswith(" software")
    text = re.sub(r"\s+software$", "", text)
    words = text.split()
    if not words:
        return None
    vendor: list[str] = []
    for multi in MULTIWORD_VENDORS:
        if text.startswith(multi + " "):
            vendor = multi.split()
    if not vendor and words[0] in VENDORS and len(words) > 1:
        # A vendor is followed by a product name ("Intuit QuickBooks"); "General ledger" is not one.
        if any(word[:1].isupper() or any(char.isdigit() for char in word) for word in words[1:]):
            vendor = words[:1]
    rest = words[len(vendor) :]
    acronym = rest[-1] if len(rest) > 1 and _ACRONYM.match(rest[-1]) else None
    if (
        acronym
        and vendor
        and acronym.isupper()
        and not _abbreviates(acronym, " ".join(rest[:-1]))
        and _abbreviates(acronym, " ".join(words[:-1]))
    ):
        # "Amazon Web Services AWS", "Siemens Power Plant Automation SPPA": the acronym spells the vendor
        # too, so the vendor is part of the long form ("Sage Software Sage50" is a product, not an acronym).
        vendor, rest = [], words
    if acronym and not _abbreviates(acronym, " ".join(rest[:-1])):
        acronym = None  # "Power BI": BI is part of the name, not an acronym of it
    aliases = {text}
    if acronym and (usage.is_word(acronym) or acronym.lower() in WORDLIKE_ACRONYMS):
        # "Electronic Time Clock ETC", "Parameter Estimation PEST": the acronym is an everyday word.
        return " ".join([*vendor, *rest[:-1]]), {text}
    if acronym:
        long_form = " ".join(rest[:-1])
        aliases |= {long_form, acronym}
        if vendor:
            aliases |= {" ".join([*vendor, acronym]), " ".join([*vendor, long_form])}
        # "Amazon S3", "Amazon EC2", but plain "HTML", "J2EE", "SSIS".
        digits_short = len(acronym) <= 3 and re.search(r"\d", acronym)
        short = " ".join([*vendor, acronym]) if digits_short and vendor else acronym
        return short, aliases
    if generic_suffix and len(rest) > 1 and all(word.islower() for word in rest[1:]):
        return None  # "Time and attendance software": a category, not a product
    product = " ".join(rest)
    if (
        generic_suffix
        and not vendor
        and len(rest) == 1
        and not hot
        and not re.search(r"[A-Z0-9]", product[1:])
    ):
        return None  # "Email software", "Budgeting software": a category; "Procore software" is hot
    if not vendor and len(rest) > 1 and rest[0][0].isupper() and all(word.islower() for word in rest[1:]):
        return None  # "Bill of materials": a description
    if vendor == ["Microsoft"]:
        aliases.add("MS " + product)
    # Without its vendor an everyday word ("Word", "Project", "Database") would match everywhere,
    # and a bare category acronym ("SAP ERP" -> "ERP") names the category, not the product.
    if (
        not vendor
        or is_ordinary(product, usage)
        or len(product) <= 2
        or product in CATEGORY_ACRONYMS
        or product[0].isdigit()  # "Sage 100 Contractor" is not "100 Contractor"
    ):
        return text, aliases
    aliases.add(product)
    return product, aliases


def build(root: Path) -> tuple[list[dict[str, object]], dict[str, int], Builder]:
    """The catalogue entries plus statistics for the build log."""
    sources = read_sources(root)
    known = {term.lower() for term in sources.vocabulary} | set(sources.tags)
    known |= {str(language["name"]).lower() for language in sources.linguist}
    usage = Usage(sources.prose, sources.postings, known)
    builder = Builder()
    vocabulary_keys = {key(term) for term in sources.vocabulary}
    linguist_names = {key(str(language["name"])): str(language["name"]) for language in sources.linguist}

    def is_skill_word(term: str) -> bool:
        return key(term) in vocabulary_keys or key(term) in linguist_names

    # 1. Hand-reviewed skills first: their display names win every later merge.
    for name in EXTRA_SKILLS:
        builder.add(name, source="manual", priority=3)
    for canonical, display in DISPLAY.items():
        found = builder.find(canonical)
        if found is not None:
            builder.entries[found].name = display
            builder.entries[found].priority = 3

    # 2. Linguist programming languages that Stack Overflow or the vocabulary know.
    for language in sources.linguist:
        name = str(language["name"])
        tag = name.lower().replace(" ", "-")
        # Short names ("J", "Nu", "Red") are only kept when Stack Overflow shows real use.
        popular = sources.tags.get(tag, 0) >= MIN_TAG_QUESTIONS
        if (
            language["type"] not in ("programming", "markup")
            or tag in DROP_TAGS
            or not (popular or (is_skill_word(name) and len(name) >= 4))
        ):
            continue
        raw_aliases = language.get("aliases")
        candidates = [str(alias) for alias in raw_aliases] if isinstance(raw_aliases, list) else []
        builder.add(
            name,
            [alias for alias in candidates if is_true_synonym(alias, name)],
            source="linguist",
            priority=2,
        )

    # 3. O*NET products: hot technologies, products several occupations use, or known skill words.
    for example, occupations in sources.onet.most_common():
        parsed = parse_onet(example, usage, hot=example in sources.onet_hot)
        if parsed is None:
            continue
        display, forms = parsed
        if (
            occupations < MIN_ONET_OCCUPATIONS
            and example not in sources.onet_hot
            and not any(is_skill_word(form) or builder.find(form) for form in (display, *forms))
        ):
            continue
        builder.add(display, sorted(forms), source="onet", priority=1)

    # 4. Popular Stack Overflow tags that the vocabulary (or another source) confirms are skills.
    for tag, questions in sorted(sources.tags.items(), key=lambda item: -item[1]):
        if questions < MIN_TAG_QUESTIONS or tag in DROP_TAGS:
            continue
        base = _VERSION_SUFFIX.sub("", tag)
        if base != tag and base in sources.tags:
            continue  # python-2.7, sql-server-2008: versions become aliases below
        if not (is_skill_word(tag) or builder.find(tag) is not None):
            continue
        builder.add(tag, source="stackoverflow")

    # 5. Stack Overflow synonyms that are true synonyms, plus version tags of kept skills.
    for source_tag, target_tag in sources.synonyms:
        target = builder.find(target_tag)
        if target is not None and is_true_synonym(source_tag, target_tag):
            builder.add_alias(target, source_tag)
    for tag in sources.tags:
        base = _VERSION_SUFFIX.sub("", tag)
        if base != tag and sources.tags[tag] >= MIN_TAG_QUESTIONS:
            target = builder.find(base)
            if target is not None and tag not in DROP_TAGS:
                builder.add_alias(target, tag)

    # 6. Multi-word vocabulary skills that the reference corpus uses and whose head names a skill.
    phrase_documents = _phrase_documents(sources.corpus, sources.vocabulary)
    for phrase, documents in sorted(phrase_documents.items()):
        if documents >= MIN_PHRASE_DOCUMENTS and builder.find(phrase) is None:
            builder.add(phrase, source="vocabulary")

    # 7. Hand-written aliases, then display names from usage, then ambiguity flags.
    for canonical, aliases in EXTRA_ALIASES.items():
        target = builder.find(canonical)
        if target is None:
            print(f"warning: EXTRA_ALIASES names unknown skill {canonical!r}", file=sys.stderr)
            continue
        for alias in aliases:
            builder.add_alias(target, alias, reviewed=True)
    for canonical, aliases in EXACT_ALIASES.items():
        target = builder.find(canonical)
        if target is not None:
            builder.entries[target].exact.update(aliases)
            builder.entries[target].aliases.update(aliases)
    spellings = surface_forms(sources.corpus, set(builder.entries))
    for k, entry in builder.entries.items():
        if entry.priority < 2 and entry.name.islower():
            # The spelling postings and resumes use most, if any is capitalised ("jQuery").
            written = [
                (count, form)
                for form, count in spellings.get(k, Counter()).items()
                if form[:1].isupper() or not form.split()[0].islower()  # "jQuery", not "process Automation"
            ]
            entry.name = max(written)[1] if written else title_case(entry.name)
    for canonical, display in DISPLAY.items():
        target = builder.find(canonical)
        if target is not None and builder.entries[target].name != display:
            entry = builder.entries[target]
            entry.aliases.add(entry.name)
            entry.name = display
    _merge_same_names(builder)
    _flag_ambiguity(builder, usage)

    entries = sorted(builder.entries.values(), key=lambda entry: entry.name.lower())
    output: list[dict[str, object]] = []
    for entry in entries:
        item: dict[str, object] = {"name": entry.name}
        aliases = _distinct_aliases(entry)
        if aliases:
            item["aliases"] = aliases
        if entry.exact:
            item["exact"] = sorted(entry.exact)
        if entry.section_only:
            item["section_only"] = sorted(entry.section_only)
        output.append(item)
    stats = Counter(source for entry in entries for source in entry.sources)
    stats["skills"] = len(entries)
    stats["with_aliases"] = sum(1 for item in output if item.get("aliases"))
    stats["exact"] = sum(1 for item in output if item.get("exact"))
    stats["section_only"] = sum(1 for item in output if item.get("section_only"))
    return output, dict(stats), builder


def _distinct_aliases(entry: Entry) -> list[str]:
    """Aliases without versions and without case-only duplicates (those match alike anyway)."""
    chosen: dict[str, str] = {}
    for alias in sorted(entry.aliases):
        if alias == entry.name or _is_version_of(alias, entry):
            continue
        folded = alias if alias in entry.exact else alias.lower()
        if folded == entry.name.lower() and alias not in entry.exact:
            continue
        # Prefer the capitalised spelling ("Microsoft .NET Framework") for display in synonym lists.
        if folded not in chosen or (alias != folded and chosen[folded] == folded):
            chosen[folded] = alias
    return sorted(chosen.values(), key=str.lower)


def _merge_same_names(builder: Builder) -> None:
    """Entries that ended up with one display name (via DISPLAY) are one skill."""
    by_name: dict[str, str] = {}
    for k in list(builder.entries):
        name = builder.entries[k].name.lower()
        if name in by_name:
            builder.merge(k, into=by_name[name])
        else:
            by_name[name] = k


def _is_version_of(alias: str, entry: Entry) -> bool:
    """A versioned spelling ("python-3.x", "html5") the matcher already folds into its base skill."""
    base = _VERSION_SUFFIX.sub("", alias.lower())
    return base != alias.lower() and key(base) in {key(entry.name), *(key(a) for a in entry.aliases)}


def _phrase_documents(corpus: Iterable[str], vocabulary: set[str]) -> Counter[str]:
    """Document frequency of multi-word vocabulary skills whose last word is a skill head."""
    phrases = {}
    for term in vocabulary:
        k = key(term)
        words = k.split()
        if 2 <= len(words) <= 4 and words[-1] in SKILL_HEADS and words[0] not in _SMALL_WORDS:
            phrases[tuple(words)] = k
    documents: Counter[str] = Counter()
    for text in corpus:
        folded = key(text).split()
        seen = set()
        for size in range(2, 5):
            for start in range(len(folded) - size + 1):
                found = phrases.get(tuple(folded[start : start + size]))
                if found is not None:
                    seen.add(found)
        documents.update(seen)
    return documents


def _flag_ambiguity(builder: Builder, usage: Usage) -> None:
    """Mark exact-case and skills-section-only terms, by the reviewed lists and by English usage."""
    for entry in builder.entries.values():
        for term in list(entry.aliases):
            if term.lower() == entry.name.lower():
                entry.aliases.discard(term)  # the name matches case-insensitively already
        for term in [entry.name, *entry.aliases]:
            if term in EXACT_CASE or (len(term) <= 2 and term.isalpha()):
                # "Go" and "GO" in a skills list, never "go"; "VB" and "vb" alike are safe.
                entry.exact.update({term, term.upper()})
                entry.aliases.add(term.upper())
            if term in SECTION_ONLY or (" " not in term and usage.is_word(term) and term not in EXACT_CASE):
                entry.section_only.add(term)
        entry.aliases.discard(entry.name)
        entry.section_only.update(term for term in list(entry.section_only) if term.upper() in entry.aliases)
        entry.section_only.update(
            term.upper() for term in list(entry.section_only) if term.upper() in entry.aliases
        )


def main(argv: list[str] | None = None) -> int:
    """Build the catalogue and write it, printing what came from where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=shared_data_dir())
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--show-conflicts", action="store_true")
    args = parser.parse_args(argv)
    entries, stats, builder = build(args.data_dir)
    header = {
        "format": 1,
        "generated_by": "python -m app.parsing.build_skills_catalogue",
        "attribution": "see ATTRIBUTION.md next to this file",
    }
    # One skill per line, so a rebuild reviews as a readable diff.
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    body = json.dumps(header, ensure_ascii=False)[:-1] + ', "skills": [\n' + ",\n".join(lines) + "\n]}\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body, encoding="utf-8")
    print(f"wrote {args.out}: {json.dumps(stats, sort_keys=True)}")
    if args.show_conflicts:
        for alias, owner, wanted in builder.conflicts:
            print(f"conflict: {alias!r} kept for {owner!r}, not {wanted!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

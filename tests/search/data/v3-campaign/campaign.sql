-- sqlite3 .dump of the database the schema-3 release left (.dump leaves out the two pragmas, added at the end).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE campaigns (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  config_text TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  status      TEXT NOT NULL DEFAULT 'created'
);
INSERT INTO campaigns VALUES(1,'v3-fixture',replace('# A campaign run by the release with schema version 3; campaign.sql is its database (sqlite3 .dump) and\n# leaderboard.json its leaderboard as that release printed it. tests/search/legacy_database_test.cpp\n# resumes it with the current build: nothing is trained again and the leaderboard is unchanged.\nname: v3-fixture\nseed: 5\nworkers: 2\ntask: task.yaml\nstrategy:\n  kind: list\n  batch: 4\n  expressions: [''x*sigmoid(x)'', ''tanh(x)'', ''max(x, sin(x))'', ''x*erf(x)'', ''softplus(x) - 0.5'', ''x*tanh(softplus(x))'']\nfidelity:\n  rungs:\n    - {train_examples: 600, epochs: 2, seeds: 1}\n    - {train_examples: 1200, epochs: 3, seeds: 2, keep: 0.5}\n  final: {top: 2, seeds: 3, epochs: 4, test: true}\nbaselines: [relu, swish, elu]\n','\n',char(10)),'f3661a81c50efecc',5,'2026-12-01T19:43:19.161Z','2026-12-01T19:43:21.215Z','done');
CREATE TABLE candidates (
  id               INTEGER PRIMARY KEY,
  fingerprint      TEXT NOT NULL UNIQUE,
  expr             TEXT NOT NULL,
  latex            TEXT NOT NULL DEFAULT '',
  complexity       INTEGER NOT NULL DEFAULT 0,
  finite           INTEGER NOT NULL DEFAULT 1 CHECK (finite IN (0, 1)),
  nearest          TEXT,
  nearest_distance REAL,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO candidates VALUES(1,'c967178dc0ced7a2','relu(x)','\operatorname{relu}\left(x\right)',2,1,'relu',0.0,'2026-12-01T19:43:19.303Z');
INSERT INTO candidates VALUES(2,'426a97d232ba51f7','silu(x)','\operatorname{SiLU}\left(x\right)',2,1,'swish',0.0,'2026-12-01T19:43:19.342Z');
INSERT INTO candidates VALUES(3,'e2d7c74df69d454e','elu(x)','\operatorname{elu}\left(x\right)',2,1,'elu',0.0,'2026-12-01T19:43:19.384Z');
INSERT INTO candidates VALUES(4,'69f68e41cd6bcfcd','tanh(x)','\tanh\left(x\right)',2,1,'tanh',0.0,'2026-12-01T19:43:19.464Z');
INSERT INTO candidates VALUES(5,'8b781ca8203da288','max(x, sin(x))','\max\left(x, \sin\left(x\right)\right)',4,1,'selu',0.055374781457664806749,'2026-12-01T19:43:19.551Z');
INSERT INTO candidates VALUES(6,'c3284975fd1b03de','x*erf(x)','x \cdot \operatorname{erf}\left(x\right)',4,1,'squared_relu',0.78262940990982443612,'2026-12-01T19:43:19.612Z');
INSERT INTO candidates VALUES(7,'d755ad231ba34932','softplus(x) - 0.5','\operatorname{softplus}\left(x\right) - 0.5',4,1,'softplus',9.6707087435864759828e-16,'2026-12-01T19:43:19.818Z');
INSERT INTO candidates VALUES(8,'bbb4722c7db49879','x*tanh(softplus(x))','x \cdot \tanh\left(\operatorname{softplus}\left(x\right)\right)',5,1,'mish',0.0,'2026-12-01T19:43:19.924Z');
CREATE TABLE probes (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  value        REAL,
  PRIMARY KEY (candidate_id, name)
) WITHOUT ROWID;
INSERT INTO probes VALUES(1,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(1,'dead_fraction',0.5);
INSERT INTO probes VALUES(1,'forward_variance_ratio',0.16115622331140327938);
INSERT INTO probes VALUES(1,'gradient_norm_ratio',1.1863757965219450252);
INSERT INTO probes VALUES(1,'max_slope',1.0);
INSERT INTO probes VALUES(1,'mean',0.39894228040143264735);
INSERT INTO probes VALUES(1,'mean_slope',0.5);
INSERT INTO probes VALUES(1,'near_linearity',0.7334711034621286263);
INSERT INTO probes VALUES(1,'non_finite',0.0);
INSERT INTO probes VALUES(1,'second_moment',0.49999999999999955591);
INSERT INTO probes VALUES(1,'slope_second_moment',0.5);
INSERT INTO probes VALUES(2,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(2,'dead_fraction',0.0);
INSERT INTO probes VALUES(2,'forward_variance_ratio',26631.89805011698263);
INSERT INTO probes VALUES(2,'gradient_norm_ratio',5378392.4622237263245);
INSERT INTO probes VALUES(2,'max_slope',1.099839301230522981);
INSERT INTO probes VALUES(2,'mean',0.20662096414190725401);
INSERT INTO probes VALUES(2,'mean_slope',0.49999999999999972244);
INSERT INTO probes VALUES(2,'near_linearity',0.79850954170977461732);
INSERT INTO probes VALUES(2,'non_finite',0.0);
INSERT INTO probes VALUES(2,'second_moment',0.3557755198173518929);
INSERT INTO probes VALUES(2,'slope_second_moment',0.37948235163282950654);
INSERT INTO probes VALUES(3,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(3,'dead_fraction',0.0);
INSERT INTO probes VALUES(3,'forward_variance_ratio',1.214292612535920357);
INSERT INTO probes VALUES(3,'gradient_norm_ratio',9.5048756868785329032);
INSERT INTO probes VALUES(3,'max_slope',1.0);
INSERT INTO probes VALUES(3,'mean',0.16052057226655591648);
INSERT INTO probes VALUES(3,'mean_slope',0.76157829186512315811);
INSERT INTO probes VALUES(3,'near_linearity',0.93672734967022219798);
INSERT INTO probes VALUES(3,'non_finite',0.0);
INSERT INTO probes VALUES(3,'second_moment',0.64494541749292511045);
INSERT INTO probes VALUES(3,'slope_second_moment',0.66810200122317031645);
INSERT INTO probes VALUES(4,'curvature_sign_changes',1.0);
INSERT INTO probes VALUES(4,'dead_fraction',0.0);
INSERT INTO probes VALUES(4,'forward_variance_ratio',1.2462264593499048359);
INSERT INTO probes VALUES(4,'gradient_norm_ratio',2987.2734679457976199);
INSERT INTO probes VALUES(4,'max_slope',1.0);
INSERT INTO probes VALUES(4,'mean',5.7682650940333890401e-18);
INSERT INTO probes VALUES(4,'mean_slope',0.6057055096021578544);
INSERT INTO probes VALUES(4,'near_linearity',0.93046992361529567983);
INSERT INTO probes VALUES(4,'non_finite',0.0);
INSERT INTO probes VALUES(4,'second_moment',0.39429449039784059127);
INSERT INTO probes VALUES(4,'slope_second_moment',0.46440290244826804011);
INSERT INTO probes VALUES(5,'curvature_sign_changes',3.0);
INSERT INTO probes VALUES(5,'dead_fraction',0.0);
INSERT INTO probes VALUES(5,'forward_variance_ratio',1.0271262900799318362);
INSERT INTO probes VALUES(5,'gradient_norm_ratio',73.376904954628471957);
INSERT INTO probes VALUES(5,'max_slope',1.0);
INSERT INTO probes VALUES(5,'mean',0.10979750917931356546);
INSERT INTO probes VALUES(5,'mean_slope',0.80326532985631649008);
INSERT INTO probes VALUES(5,'near_linearity',0.9163831806899080945);
INSERT INTO probes VALUES(5,'non_finite',0.0);
INSERT INTO probes VALUES(5,'second_moment',0.71616617919084812893);
INSERT INTO probes VALUES(5,'slope_second_moment',0.78383382080915298129);
INSERT INTO probes VALUES(6,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(6,'dead_fraction',0.0);
INSERT INTO probes VALUES(6,'forward_variance_ratio',781.88574705590701795);
INSERT INTO probes VALUES(6,'gradient_norm_ratio',14119.50566856693149);
INSERT INTO probes VALUES(6,'max_slope',1.2578082903703096118);
INSERT INTO probes VALUES(6,'mean',0.65147001587055919369);
INSERT INTO probes VALUES(6,'mean_slope',-6.9597367816634030527e-17);
INSERT INTO probes VALUES(6,'near_linearity',6.272265673178463217e-33);
INSERT INTO probes VALUES(6,'non_finite',0.0);
INSERT INTO probes VALUES(6,'second_moment',0.84416574422003454181);
INSERT INTO probes VALUES(6,'slope_second_moment',0.95804775116678264623);
INSERT INTO probes VALUES(7,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(7,'dead_fraction',0.0);
INSERT INTO probes VALUES(7,'forward_variance_ratio',0.74232112114551440651);
INSERT INTO probes VALUES(7,'gradient_norm_ratio',7.3489732958570262331e-05);
INSERT INTO probes VALUES(7,'max_slope',1.0);
INSERT INTO probes VALUES(7,'mean',0.30605918334744025566);
INSERT INTO probes VALUES(7,'mean_slope',0.49999999999999955591);
INSERT INTO probes VALUES(7,'near_linearity',0.92076113188104113937);
INSERT INTO probes VALUES(7,'non_finite',0.0);
INSERT INTO probes VALUES(7,'second_moment',0.36518672551185987762);
INSERT INTO probes VALUES(7,'slope_second_moment',0.29337903585809288475);
INSERT INTO probes VALUES(8,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(8,'dead_fraction',0.0);
INSERT INTO probes VALUES(8,'forward_variance_ratio',0.028272972470635437253);
INSERT INTO probes VALUES(8,'gradient_norm_ratio',82.409706259214203782);
INSERT INTO probes VALUES(8,'max_slope',1.0884981236026731732);
INSERT INTO probes VALUES(8,'mean',0.24040388837479145789);
INSERT INTO probes VALUES(8,'mean_slope',0.56374755728838121804);
INSERT INTO probes VALUES(8,'near_linearity',0.80550700342614622861);
INSERT INTO probes VALUES(8,'non_finite',0.0);
INSERT INTO probes VALUES(8,'second_moment',0.45234219237588263462);
INSERT INTO probes VALUES(8,'slope_second_moment',0.47908375837396960372);
CREATE TABLE campaign_candidates (
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  origin         TEXT NOT NULL CHECK (origin IN ('baseline', 'strategy', 'list')),
  baseline_name  TEXT,
  proposal_index INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'proposed'
                 CHECK (status IN ('proposed', 'rejected', 'evaluated', 'eliminated', 'final')),
  reject_reason  TEXT,
  penalty        REAL DEFAULT 0,
  PRIMARY KEY (campaign_id, candidate_id)
);
INSERT INTO campaign_candidates VALUES(1,1,'baseline','relu',0,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,2,'baseline','swish',1,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,3,'baseline','elu',2,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,4,'list',NULL,3,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,5,'list',NULL,4,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,6,'list',NULL,5,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,7,'list',NULL,6,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,8,'list',NULL,7,'final',NULL,0.0);
CREATE TABLE evaluations (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  stage          INTEGER NOT NULL,
  seed           INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed', 'diverged', 'rejected')),
  train_examples INTEGER NOT NULL DEFAULT 0,
  epochs         INTEGER NOT NULL DEFAULT 0,
  val_accuracy   REAL,
  val_loss       REAL,
  train_loss     REAL,
  test_accuracy  REAL,
  test_loss      REAL,
  wall_seconds   REAL,
  steps          INTEGER NOT NULL DEFAULT 0,
  epoch_metrics  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(epoch_metrics)),
  learned_params TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(learned_params)),
  message        TEXT NOT NULL DEFAULT '',
  device         TEXT NOT NULL DEFAULT '',
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (campaign_id, candidate_id, stage, seed)
);
INSERT INTO evaluations VALUES(1,1,1,0,6479234784703993,'done',600,2,0.52000000000000001776,0.60823558265924138055,0.68372180078059807684,NULL,NULL,0.0011918370000000000612,20,'[{"epoch":1,"seconds":0.000678342,"train_loss":0.7453222237123235,"val_accuracy":0.506,"val_loss":0.6445927796514518},{"epoch":2,"seconds":0.000361228,"train_loss":0.6837218007805981,"val_accuracy":0.52,"val_loss":0.6082355826592414}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.627Z');
INSERT INTO evaluations VALUES(2,1,2,0,6479234784703993,'done',600,2,0.94599999999999995203,0.33532776086254911795,0.43967552686463290401,NULL,NULL,0.029714588999999999585,20,'[{"epoch":1,"seconds":0.000805,"train_loss":0.667729611322434,"val_accuracy":0.658,"val_loss":0.49602371750326885},{"epoch":2,"seconds":0.028773044,"train_loss":0.4396755268646329,"val_accuracy":0.946,"val_loss":0.3353277608625491}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.667Z');
INSERT INTO evaluations VALUES(3,1,3,0,6479234784703993,'done',600,2,0.87600000000000000088,0.46968314958941537184,0.5757924901459491318,NULL,NULL,0.0029902700000000001674,20,'[{"epoch":1,"seconds":0.001543122,"train_loss":0.8595192724930905,"val_accuracy":0.54,"val_loss":0.666695135393367},{"epoch":2,"seconds":0.001307259,"train_loss":0.5757924901459491,"val_accuracy":0.876,"val_loss":0.46968314958941537}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.671Z');
INSERT INTO evaluations VALUES(4,1,4,0,6479234784703993,'done',600,2,0.83799999999999996713,0.48073284241642127989,0.58788403645798092966,NULL,NULL,0.0091099869999999999459,20,'[{"epoch":1,"seconds":0.006845801,"train_loss":0.7715438152224939,"val_accuracy":0.576,"val_loss":0.6558959670008853},{"epoch":2,"seconds":0.002079191,"train_loss":0.5878840364579809,"val_accuracy":0.838,"val_loss":0.4807328424164213}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.636Z');
INSERT INTO evaluations VALUES(5,1,5,0,6479234784703993,'done',600,2,0.99199999999999999289,0.10983044421544604918,0.17306944606611948667,NULL,NULL,0.060184453999999998341,20,'[{"epoch":1,"seconds":0.002112431,"train_loss":0.6863978470615429,"val_accuracy":0.968,"val_loss":0.19421757295815173},{"epoch":2,"seconds":0.057905835,"train_loss":0.1730694460661195,"val_accuracy":0.992,"val_loss":0.10983044421544605}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.725Z');
INSERT INTO evaluations VALUES(6,1,6,0,6479234784703993,'done',600,2,0.40600000000000002753,0.77548598800463786062,0.97338568956571691614,NULL,NULL,0.053923677000000003189,20,'[{"epoch":1,"seconds":0.034417593,"train_loss":1.341111052826076,"val_accuracy":0.482,"val_loss":1.5501510646504273},{"epoch":2,"seconds":0.019373355,"train_loss":0.9733856895657169,"val_accuracy":0.406,"val_loss":0.7754859880046379}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.725Z');
INSERT INTO evaluations VALUES(7,1,7,0,6479234784703993,'done',600,2,0.68200000000000005062,0.4997460869894366775,0.58694429278375837011,NULL,NULL,0.060676713999999999649,20,'[{"epoch":1,"seconds":0.010356943,"train_loss":0.6960312267275048,"val_accuracy":0.58,"val_loss":0.6163978561162996},{"epoch":2,"seconds":0.050157269,"train_loss":0.5869442927837584,"val_accuracy":0.682,"val_loss":0.4997460869894367}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.985Z');
INSERT INTO evaluations VALUES(8,1,8,0,6479234784703993,'done',600,2,0.92600000000000004529,0.33927145578446255003,0.45057191915108307789,NULL,NULL,0.031394819999999996895,20,'[{"epoch":1,"seconds":0.003619669,"train_loss":0.6981852135954992,"val_accuracy":0.68,"val_loss":0.5095385085488362},{"epoch":2,"seconds":0.027624806,"train_loss":0.4505719191510831,"val_accuracy":0.926,"val_loss":0.33927145578446255}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:19.987Z');
INSERT INTO evaluations VALUES(9,1,5,1,5079464911068335,'done',1200,3,0.99599999999999999644,0.030280924877412733475,0.043432066266421286149,NULL,NULL,0.042793225999999996711,57,'[{"epoch":1,"seconds":0.002730222,"train_loss":0.4079898133916962,"val_accuracy":0.986,"val_loss":0.11274335581009849},{"epoch":2,"seconds":0.016409064,"train_loss":0.08217905978147082,"val_accuracy":0.996,"val_loss":0.03739035330120106},{"epoch":3,"seconds":0.02350662,"train_loss":0.043432066266421286,"val_accuracy":0.996,"val_loss":0.030280924877412733}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.063Z');
INSERT INTO evaluations VALUES(10,1,5,1,2777007296679691,'done',1200,3,0.99599999999999999644,0.027767676811935676495,0.039380642284611522274,NULL,NULL,0.053681464999999997655,57,'[{"epoch":1,"seconds":0.009740718,"train_loss":0.505233943398755,"val_accuracy":0.938,"val_loss":0.13788891143608112},{"epoch":2,"seconds":0.020871019,"train_loss":0.09043900566664202,"val_accuracy":0.996,"val_loss":0.03461309953287676},{"epoch":3,"seconds":0.022918673,"train_loss":0.03938064228461152,"val_accuracy":0.996,"val_loss":0.027767676811935676}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.126Z');
INSERT INTO evaluations VALUES(11,1,2,1,5079464911068335,'done',1200,3,0.98999999999999999111,0.091982826916033086361,0.11337221751979356665,NULL,NULL,0.032143871999999996946,57,'[{"epoch":1,"seconds":0.001257816,"train_loss":0.5733601012590736,"val_accuracy":0.916,"val_loss":0.3611980672728321},{"epoch":2,"seconds":0.029349023,"train_loss":0.23248514054351896,"val_accuracy":0.988,"val_loss":0.11526353532668307},{"epoch":3,"seconds":0.001397395,"train_loss":0.11337221751979357,"val_accuracy":0.99,"val_loss":0.09198282691603309}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.159Z');
INSERT INTO evaluations VALUES(12,1,2,1,2777007296679691,'done',1200,3,0.98199999999999998401,0.096936747214739008016,0.12153167193012835711,NULL,NULL,0.049908557999999998699,57,'[{"epoch":1,"seconds":0.00129391,"train_loss":0.6329377312568791,"val_accuracy":0.838,"val_loss":0.3894603590875893},{"epoch":2,"seconds":0.030985234,"train_loss":0.25989046815595274,"val_accuracy":0.964,"val_loss":0.1284332247750946},{"epoch":3,"seconds":0.017470116,"train_loss":0.12153167193012836,"val_accuracy":0.982,"val_loss":0.09693674721473901}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.209Z');
INSERT INTO evaluations VALUES(13,1,8,1,5079464911068335,'done',1200,3,0.98799999999999998934,0.080856481574950067603,0.10270382066278162247,NULL,NULL,0.094576049999999994843,57,'[{"epoch":1,"seconds":0.036321573,"train_loss":0.5697528705579936,"val_accuracy":0.934,"val_loss":0.3272625992340608},{"epoch":2,"seconds":0.018593572,"train_loss":0.2043364683795481,"val_accuracy":0.988,"val_loss":0.09866857783595277},{"epoch":3,"seconds":0.03951075,"train_loss":0.10270382066278162,"val_accuracy":0.988,"val_loss":0.08085648157495007}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.304Z');
INSERT INTO evaluations VALUES(14,1,8,1,2777007296679691,'done',1200,3,0.98599999999999998756,0.096654977358225702133,0.11940617808972847635,NULL,NULL,0.13415884699999999774,57,'[{"epoch":1,"seconds":0.022769971,"train_loss":0.6594764923226215,"val_accuracy":0.816,"val_loss":0.3895330403295267},{"epoch":2,"seconds":0.077391639,"train_loss":0.2638817811571885,"val_accuracy":0.974,"val_loss":0.12745529819281373},{"epoch":3,"seconds":0.033749076,"train_loss":0.11940617808972848,"val_accuracy":0.986,"val_loss":0.0966549773582257}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.158Z');
INSERT INTO evaluations VALUES(15,1,1,1,5079464911068335,'done',1200,3,0.93799999999999994493,0.3162107741577937503,0.34770997670080461272,NULL,NULL,0.0022596600000000001406,57,'[{"epoch":1,"seconds":0.000776328,"train_loss":0.6704806645234173,"val_accuracy":0.544,"val_loss":0.5692109492608403},{"epoch":2,"seconds":0.000675407,"train_loss":0.4904197552870851,"val_accuracy":0.948,"val_loss":0.3781558222490803},{"epoch":3,"seconds":0.000667105,"train_loss":0.3477099767008046,"val_accuracy":0.938,"val_loss":0.31621077415779375}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.160Z');
INSERT INTO evaluations VALUES(16,1,1,1,2777007296679691,'done',1200,3,0.80200000000000004618,0.43639338164974700307,0.4598960015023502712,NULL,NULL,0.018280874999999998514,57,'[{"epoch":1,"seconds":0.016841979,"train_loss":0.7253956450673359,"val_accuracy":0.536,"val_loss":0.6203181561192144},{"epoch":2,"seconds":0.000654587,"train_loss":0.570548917012652,"val_accuracy":0.714,"val_loss":0.4891430812650112},{"epoch":3,"seconds":0.000652143,"train_loss":0.45989600150235027,"val_accuracy":0.802,"val_loss":0.436393381649747}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.178Z');
INSERT INTO evaluations VALUES(17,1,3,1,5079464911068335,'done',1200,3,0.98199999999999998401,0.17657380778578915525,0.20607877749961311941,NULL,NULL,0.046393321000000001252,57,'[{"epoch":1,"seconds":0.016036323,"train_loss":0.6510189606135577,"val_accuracy":0.958,"val_loss":0.4504693750386741},{"epoch":2,"seconds":0.012523769,"train_loss":0.3544886628186267,"val_accuracy":0.96,"val_loss":0.23092179108644992},{"epoch":3,"seconds":0.017692248,"train_loss":0.20607877749961312,"val_accuracy":0.982,"val_loss":0.17657380778578916}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.225Z');
INSERT INTO evaluations VALUES(18,1,3,1,2777007296679691,'done',1200,3,0.96799999999999997157,0.16924437398778691132,0.19868499466173808465,NULL,NULL,0.11995739499999999444,57,'[{"epoch":1,"seconds":0.002318328,"train_loss":0.656701830997054,"val_accuracy":0.62,"val_loss":0.4703642410571816},{"epoch":2,"seconds":0.096705875,"train_loss":0.33429121641131415,"val_accuracy":0.936,"val_loss":0.20190443859223844},{"epoch":3,"seconds":0.020759663,"train_loss":0.19868499466173808,"val_accuracy":0.968,"val_loss":0.1692443739877869}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.345Z');
INSERT INTO evaluations VALUES(19,1,5,2,3624863133232850,'done',0,4,1.0,0.0090671104738977471859,0.013272287160077559514,0.99799999999999999822,0.012605337565238784042,0.13211506800000000216,128,'[{"epoch":1,"seconds":0.056427321,"train_loss":0.49078431247240084,"val_accuracy":0.978,"val_loss":0.11940042419963173},{"epoch":2,"seconds":0.024373713,"train_loss":0.06592994250807996,"val_accuracy":1.0,"val_loss":0.019389815597215525},{"epoch":3,"seconds":0.025981451,"train_loss":0.018158501744467325,"val_accuracy":1.0,"val_loss":0.010057990473341197},{"epoch":4,"seconds":0.024229608,"train_loss":0.01327228716007756,"val_accuracy":1.0,"val_loss":0.009067110473897747}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.478Z');
INSERT INTO evaluations VALUES(20,1,5,2,6654087516313736,'done',0,4,1.0,0.011606418131244022884,0.017974291092357135707,0.99599999999999999644,0.018546842515591216438,0.11114074599999999859,128,'[{"epoch":1,"seconds":0.025764578,"train_loss":0.3770470222310293,"val_accuracy":0.98,"val_loss":0.09001215184813366},{"epoch":2,"seconds":0.036700959,"train_loss":0.056800075544127485,"val_accuracy":0.996,"val_loss":0.021728928136468602},{"epoch":3,"seconds":0.013089994,"train_loss":0.024346838870365047,"val_accuracy":1.0,"val_loss":0.012382340224404076},{"epoch":4,"seconds":0.034504073,"train_loss":0.017974291092357136,"val_accuracy":1.0,"val_loss":0.011606418131244023}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.590Z');
INSERT INTO evaluations VALUES(21,1,5,2,6691945100311172,'done',0,4,1.0,0.0065510868496054175044,0.012118604521668852047,0.99599999999999999644,0.013168652952018626567,0.11476480000000000014,128,'[{"epoch":1,"seconds":0.024536476,"train_loss":0.4366369386468639,"val_accuracy":0.996,"val_loss":0.06356348876070987},{"epoch":2,"seconds":0.024520202,"train_loss":0.038945122723639855,"val_accuracy":0.998,"val_loss":0.012030984187860904},{"epoch":3,"seconds":0.024261656,"train_loss":0.01538360628419272,"val_accuracy":1.0,"val_loss":0.006988856227829785},{"epoch":4,"seconds":0.024247986,"train_loss":0.012118604521668852,"val_accuracy":1.0,"val_loss":0.0065510868496054175}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.705Z');
INSERT INTO evaluations VALUES(22,1,8,2,3624863133232850,'done',0,4,1.0,0.014257386021474399012,0.02129361593158825977,0.99799999999999999822,0.02074483745981548291,0.23115962200000000903,128,'[{"epoch":1,"seconds":0.055587448,"train_loss":0.5402014882061991,"val_accuracy":0.958,"val_loss":0.2594212304677376},{"epoch":2,"seconds":0.058909593,"train_loss":0.11257356841436361,"val_accuracy":0.996,"val_loss":0.030569984712978778},{"epoch":3,"seconds":0.040702487,"train_loss":0.029392054590292965,"val_accuracy":0.998,"val_loss":0.01646415868761162},{"epoch":4,"seconds":0.072762454,"train_loss":0.02129361593158826,"val_accuracy":1.0,"val_loss":0.014257386021474399}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.937Z');
INSERT INTO evaluations VALUES(23,1,8,2,6654087516313736,'done',0,4,0.99599999999999999644,0.027289340248212879541,0.04329743513811214195,0.98899999999999999023,0.043700957110937459215,0.2328387359999999906,128,'[{"epoch":1,"seconds":0.056949059,"train_loss":0.55700378224455,"val_accuracy":0.916,"val_loss":0.28755447484348945},{"epoch":2,"seconds":0.054789078,"train_loss":0.13201128041089255,"val_accuracy":0.992,"val_loss":0.048134434685355526},{"epoch":3,"seconds":0.056046563,"train_loss":0.0543011517158985,"val_accuracy":0.996,"val_loss":0.030026344510345068},{"epoch":4,"seconds":0.048774957,"train_loss":0.04329743513811214,"val_accuracy":0.996,"val_loss":0.02728934024821288}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:21.190Z');
INSERT INTO evaluations VALUES(24,1,8,2,6691945100311172,'done',0,4,0.99599999999999999644,0.029194066441990983162,0.043350772077920055047,0.98899999999999999023,0.044627130679982432437,0.25230754399999999471,128,'[{"epoch":1,"seconds":0.041251766,"train_loss":0.5626082647368376,"val_accuracy":0.958,"val_loss":0.2413561960001366},{"epoch":2,"seconds":0.045332433,"train_loss":0.15456431524636677,"val_accuracy":0.984,"val_loss":0.06928245735937019},{"epoch":3,"seconds":0.078856443,"train_loss":0.06072084586642888,"val_accuracy":0.996,"val_loss":0.03358061222996732},{"epoch":4,"seconds":0.045500153,"train_loss":0.043350772077920055,"val_accuracy":0.996,"val_loss":0.029194066441990983}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:21.214Z');
INSERT INTO evaluations VALUES(25,1,1,2,3624863133232850,'done',0,4,1.0,0.027221086207571500159,0.03717766108443984474,0.99299999999999999378,0.035995056185704692175,0.02503417800000000068,128,'[{"epoch":1,"seconds":0.00120009,"train_loss":0.6472573184627757,"val_accuracy":0.702,"val_loss":0.550875025766092},{"epoch":2,"seconds":0.001057948,"train_loss":0.3328213778193528,"val_accuracy":0.986,"val_loss":0.10774948758440588},{"epoch":3,"seconds":0.021183484,"train_loss":0.06871755566132205,"val_accuracy":0.998,"val_loss":0.031523202619604555},{"epoch":4,"seconds":0.001066782,"train_loss":0.037177661084439845,"val_accuracy":1.0,"val_loss":0.0272210862075715}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:21.215Z');
INSERT INTO evaluations VALUES(26,1,1,2,6654087516313736,'done',0,4,0.99599999999999999644,0.059762869722760667001,0.074199482115551204652,0.990999999999999992,0.069199763418219997768,0.010911673999999999679,128,'[{"epoch":1,"seconds":0.001223004,"train_loss":0.705517371633793,"val_accuracy":0.622,"val_loss":0.5320139301029688},{"epoch":2,"seconds":0.007065688,"train_loss":0.43196394204740735,"val_accuracy":0.952,"val_loss":0.22858140605181523},{"epoch":3,"seconds":0.001046902,"train_loss":0.14050324572015566,"val_accuracy":0.998,"val_loss":0.07258255135381668},{"epoch":4,"seconds":0.001037397,"train_loss":0.0741994821155512,"val_accuracy":0.996,"val_loss":0.05976286972276067}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.384Z');
INSERT INTO evaluations VALUES(27,1,1,2,6691945100311172,'done',0,4,1.0,0.041645607315390388569,0.053245441745295669921,0.99799999999999999822,0.048514921596243654189,0.050880416999999997229,128,'[{"epoch":1,"seconds":0.029869309,"train_loss":0.6833122364123628,"val_accuracy":0.554,"val_loss":0.5662673437692903},{"epoch":2,"seconds":0.001049205,"train_loss":0.4014620446452652,"val_accuracy":0.986,"val_loss":0.18155699405803},{"epoch":3,"seconds":0.001086871,"train_loss":0.11073797498501588,"val_accuracy":1.0,"val_loss":0.052921786888960355},{"epoch":4,"seconds":0.017173273,"train_loss":0.05324544174529567,"val_accuracy":1.0,"val_loss":0.04164560731539039}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.435Z');
INSERT INTO evaluations VALUES(28,1,2,2,3624863133232850,'done',0,4,0.99799999999999999822,0.01736605212590687855,0.025852158497618474286,0.99599999999999999644,0.025420000348231122644,0.092843494999999998107,128,'[{"epoch":1,"seconds":0.038503798,"train_loss":0.529327534346796,"val_accuracy":0.94,"val_loss":0.25878763854236747},{"epoch":2,"seconds":0.011469827,"train_loss":0.12366477200700231,"val_accuracy":0.994,"val_loss":0.03619226902346465},{"epoch":3,"seconds":0.001685073,"train_loss":0.03534313093598561,"val_accuracy":0.998,"val_loss":0.019825833041487755},{"epoch":4,"seconds":0.001600047,"train_loss":0.025852158497618474,"val_accuracy":0.998,"val_loss":0.01736605212590688}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.528Z');
INSERT INTO evaluations VALUES(29,1,2,2,6654087516313736,'done',0,4,0.99599999999999999644,0.031769457898674073603,0.048142114243846151344,0.98799999999999998934,0.048534824199947701472,0.069239640000000005071,128,'[{"epoch":1,"seconds":0.005829825,"train_loss":0.5551614060391065,"val_accuracy":0.954,"val_loss":0.26534771446697086},{"epoch":2,"seconds":0.001673987,"train_loss":0.14490366887688946,"val_accuracy":0.986,"val_loss":0.05297948184477289},{"epoch":3,"seconds":0.035699886,"train_loss":0.05979020126054771,"val_accuracy":0.996,"val_loss":0.03376738913630131},{"epoch":4,"seconds":0.007950478,"train_loss":0.04814211424384615,"val_accuracy":0.996,"val_loss":0.031769457898674074}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.598Z');
INSERT INTO evaluations VALUES(30,1,2,2,6691945100311172,'done',0,4,0.99599999999999999644,0.031783825570149290551,0.04670595703823264555,0.98799999999999998934,0.047683508859054125894,0.040784779999999999644,128,'[{"epoch":1,"seconds":0.001822569,"train_loss":0.5614466000933617,"val_accuracy":0.954,"val_loss":0.25859130147273834},{"epoch":2,"seconds":0.017710135,"train_loss":0.15436951786028627,"val_accuracy":0.978,"val_loss":0.07243563841647785},{"epoch":3,"seconds":0.001613576,"train_loss":0.0642092113348084,"val_accuracy":0.996,"val_loss":0.03523750760954422},{"epoch":4,"seconds":0.017683885,"train_loss":0.046705957038232646,"val_accuracy":0.996,"val_loss":0.03178382557014929}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.639Z');
INSERT INTO evaluations VALUES(31,1,3,2,3624863133232850,'done',0,4,0.9739999999999999769,0.091583783071960120358,0.11567519462935674234,0.96199999999999996624,0.11212905206572011673,0.10369469900000000128,128,'[{"epoch":1,"seconds":0.023731766,"train_loss":0.6792755709978946,"val_accuracy":0.856,"val_loss":0.39842646126747155},{"epoch":2,"seconds":0.035249334,"train_loss":0.29457498785532027,"val_accuracy":0.934,"val_loss":0.16605514044207811},{"epoch":3,"seconds":0.023234764,"train_loss":0.14907165133846,"val_accuracy":0.972,"val_loss":0.09735221467832228},{"epoch":4,"seconds":0.00305031,"train_loss":0.11567519462935674,"val_accuracy":0.974,"val_loss":0.09158378307196012}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.743Z');
INSERT INTO evaluations VALUES(32,1,3,2,6654087516313736,'done',0,4,0.99199999999999999289,0.062446942844627310875,0.081976230737332567155,0.97599999999999997868,0.078853158522955060782,0.10735868399999999589,128,'[{"epoch":1,"seconds":0.024182809,"train_loss":0.6419170934551143,"val_accuracy":0.892,"val_loss":0.4151997700325123},{"epoch":2,"seconds":0.015477925,"train_loss":0.2430152038773393,"val_accuracy":0.992,"val_loss":0.10853064025183926},{"epoch":3,"seconds":0.027191926,"train_loss":0.10156014746429935,"val_accuracy":0.99,"val_loss":0.07142939705127023},{"epoch":4,"seconds":0.039421266,"train_loss":0.08197623073733257,"val_accuracy":0.992,"val_loss":0.06244694284462731}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.850Z');
INSERT INTO evaluations VALUES(33,1,3,2,6691945100311172,'done',0,4,0.98399999999999998578,0.06961364464992583767,0.088910646539340651428,0.9739999999999999769,0.089158006338120765477,0.11051504199999999389,128,'[{"epoch":1,"seconds":0.023731475,"train_loss":0.6726546905609253,"val_accuracy":0.932,"val_loss":0.3299929356435837},{"epoch":2,"seconds":0.023322525,"train_loss":0.2226122175606257,"val_accuracy":0.946,"val_loss":0.14522757827257524},{"epoch":3,"seconds":0.039185264,"train_loss":0.11231001535737502,"val_accuracy":0.98,"val_loss":0.07405137028783934},{"epoch":4,"seconds":0.003102137,"train_loss":0.08891064653934065,"val_accuracy":0.984,"val_loss":0.06961364464992584}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:43:20.961Z');
CREATE TABLE aliases (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  text         TEXT NOT NULL,
  UNIQUE (candidate_id, text)
);
INSERT INTO aliases VALUES(1,'relu(x)');
INSERT INTO aliases VALUES(2,'silu(x)');
INSERT INTO aliases VALUES(3,'elu(x)');
INSERT INTO aliases VALUES(2,'x*sigmoid(x)');
INSERT INTO aliases VALUES(4,'tanh(x)');
INSERT INTO aliases VALUES(5,'max(x, sin(x))');
INSERT INTO aliases VALUES(6,'x*erf(x)');
INSERT INTO aliases VALUES(7,'softplus(x) - 0.5');
INSERT INTO aliases VALUES(8,'x*tanh(softplus(x))');
CREATE TABLE likeness (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  known        TEXT NOT NULL,
  distance     REAL,
  PRIMARY KEY (candidate_id, known)
) WITHOUT ROWID;
INSERT INTO likeness VALUES(1,'elu',0.31530549357009801658);
INSERT INTO likeness VALUES(1,'gelu',0.083484625910882917509);
INSERT INTO likeness VALUES(1,'gelu_tanh',0.083578002783175037171);
INSERT INTO likeness VALUES(1,'hard_sigmoid',0.51654956050996547745);
INSERT INTO likeness VALUES(1,'hard_swish',0.19212442679228086683);
INSERT INTO likeness VALUES(1,'identity',0.51626436690698540576);
INSERT INTO likeness VALUES(1,'leaky_relu',0.0088014382068771178369);
INSERT INTO likeness VALUES(1,'mish',0.13044587753245265315);
INSERT INTO likeness VALUES(1,'prelu',0.19419408622421763244);
INSERT INTO likeness VALUES(1,'relu',0.0);
INSERT INTO likeness VALUES(1,'relu6',1.1922008026335190048e-05);
INSERT INTO likeness VALUES(1,'selu',0.43619723140155564067);
INSERT INTO likeness VALUES(1,'sigmoid',0.52739152639107844677);
INSERT INTO likeness VALUES(1,'softplus',0.2761345075202034649);
INSERT INTO likeness VALUES(1,'softsign',0.56321902979635496411);
INSERT INTO likeness VALUES(1,'squared_relu',0.39937955322766832688);
INSERT INTO likeness VALUES(1,'swish',0.13609318204531145601);
INSERT INTO likeness VALUES(1,'tanh',0.56349551762863747672);
INSERT INTO likeness VALUES(2,'elu',0.10771921726802344276);
INSERT INTO likeness VALUES(2,'gelu',0.01054524394187425669);
INSERT INTO likeness VALUES(2,'gelu_tanh',0.010625108423423955048);
INSERT INTO likeness VALUES(2,'hard_sigmoid',0.3024836435818168967);
INSERT INTO likeness VALUES(2,'hard_swish',0.043024871986113266686);
INSERT INTO likeness VALUES(2,'identity',0.30187972020153308605);
INSERT INTO likeness VALUES(2,'leaky_relu',0.068213443000047890851);
INSERT INTO likeness VALUES(2,'mish',0.041727509262100982712);
INSERT INTO likeness VALUES(2,'prelu',0.10136582848014746849);
INSERT INTO likeness VALUES(2,'relu',0.065943517462870374079);
INSERT INTO likeness VALUES(2,'relu6',0.065943518875824821967);
INSERT INTO likeness VALUES(2,'selu',0.21346551151157866499);
INSERT INTO likeness VALUES(2,'sigmoid',0.32484046988838521929);
INSERT INTO likeness VALUES(2,'softplus',0.023117425829360976202);
INSERT INTO likeness VALUES(2,'softsign',0.39235067558012443056);
INSERT INTO likeness VALUES(2,'squared_relu',0.37424973191924554294);
INSERT INTO likeness VALUES(2,'swish',0.0);
INSERT INTO likeness VALUES(2,'tanh',0.3928422979409960658);
INSERT INTO likeness VALUES(3,'elu',0.0);
INSERT INTO likeness VALUES(3,'gelu',0.21995329588492040784);
INSERT INTO likeness VALUES(3,'gelu_tanh',0.21995814420829704061);
INSERT INTO likeness VALUES(3,'hard_sigmoid',0.15437673008881691583);
INSERT INTO likeness VALUES(3,'hard_swish',0.14762090454201778899);
INSERT INTO likeness VALUES(3,'identity',0.15543187599271993115);
INSERT INTO likeness VALUES(3,'leaky_relu',0.20999754628437869441);
INSERT INTO likeness VALUES(3,'mish',0.12124811056665871222);
INSERT INTO likeness VALUES(3,'prelu',0.10141864936981524747);
INSERT INTO likeness VALUES(3,'relu',0.21756609904804838362);
INSERT INTO likeness VALUES(3,'relu6',0.21756609770727275421);
INSERT INTO likeness VALUES(3,'selu',0.07060776725143898258);
INSERT INTO likeness VALUES(3,'sigmoid',0.16003468663356290591);
INSERT INTO likeness VALUES(3,'softplus',0.090504671495340707765);
INSERT INTO likeness VALUES(3,'softsign',0.25138538300200519159);
INSERT INTO likeness VALUES(3,'squared_relu',0.52161490467504201262);
INSERT INTO likeness VALUES(3,'swish',0.14902187034958527811);
INSERT INTO likeness VALUES(3,'tanh',0.25095048593148416848);
INSERT INTO likeness VALUES(4,'elu',0.24347420752320014791);
INSERT INTO likeness VALUES(4,'gelu',0.53680924849944167132);
INSERT INTO likeness VALUES(4,'gelu_tanh',0.53681679629737300007);
INSERT INTO likeness VALUES(4,'hard_sigmoid',0.11971644179997377455);
INSERT INTO likeness VALUES(4,'hard_swish',0.43645227439706157923);
INSERT INTO likeness VALUES(4,'identity',0.12582858621472908788);
INSERT INTO likeness VALUES(4,'leaky_relu',0.52011339167319914356);
INSERT INTO likeness VALUES(4,'mish',0.44690163373563046578);
INSERT INTO likeness VALUES(4,'prelu',0.36011770189657321683);
INSERT INTO likeness VALUES(4,'relu',0.52739152639107822473);
INSERT INTO likeness VALUES(4,'relu6',0.52739152380892306837);
INSERT INTO likeness VALUES(4,'selu',0.13465168547262265641);
INSERT INTO likeness VALUES(4,'sigmoid',1.3916203562903920992e-15);
INSERT INTO likeness VALUES(4,'softplus',0.30629581363952185224);
INSERT INTO likeness VALUES(4,'softsign',0.048821645616900812003);
INSERT INTO likeness VALUES(4,'squared_relu',0.74219170491571184733);
INSERT INTO likeness VALUES(4,'swish',0.4627452069983003513);
INSERT INTO likeness VALUES(4,'tanh',0.0);
INSERT INTO likeness VALUES(5,'elu',0.10018901824907699982);
INSERT INTO likeness VALUES(5,'gelu',0.24801921352431899325);
INSERT INTO likeness VALUES(5,'gelu_tanh',0.24798641299942161819);
INSERT INTO likeness VALUES(5,'hard_sigmoid',0.082139770695749611539);
INSERT INTO likeness VALUES(5,'hard_swish',0.213953071133502426);
INSERT INTO likeness VALUES(5,'identity',0.085469817435061018473);
INSERT INTO likeness VALUES(5,'leaky_relu',0.28160228404076925734);
INSERT INTO likeness VALUES(5,'mish',0.21051874858436050996);
INSERT INTO likeness VALUES(5,'prelu',0.22831627979664170791);
INSERT INTO likeness VALUES(5,'relu',0.28088960558991771243);
INSERT INTO likeness VALUES(5,'relu6',0.28088960483415725821);
INSERT INTO likeness VALUES(5,'selu',0.055374781457664806749);
INSERT INTO likeness VALUES(5,'sigmoid',0.10635461129955683934);
INSERT INTO likeness VALUES(5,'softplus',0.16172168243351242589);
INSERT INTO likeness VALUES(5,'softsign',0.2307913520444428157);
INSERT INTO likeness VALUES(5,'squared_relu',0.53135717669987969635);
INSERT INTO likeness VALUES(5,'swish',0.23383903959400539895);
INSERT INTO likeness VALUES(5,'tanh',0.22656830776797839965);
INSERT INTO likeness VALUES(6,'elu',0.97124522325993600802);
INSERT INTO likeness VALUES(6,'gelu',0.85046312168166660061);
INSERT INTO likeness VALUES(6,'gelu_tanh',0.85045828454704219812);
INSERT INTO likeness VALUES(6,'hard_sigmoid',1.0);
INSERT INTO likeness VALUES(6,'hard_swish',0.90924068122608892039);
INSERT INTO likeness VALUES(6,'identity',1.0);
INSERT INTO likeness VALUES(6,'leaky_relu',0.86127101058061539262);
INSERT INTO likeness VALUES(6,'mish',0.89814050442840476229);
INSERT INTO likeness VALUES(6,'prelu',0.94051652629918836012);
INSERT INTO likeness VALUES(6,'relu',0.85677201661766533291);
INSERT INTO likeness VALUES(6,'relu6',0.85677201720468298962);
INSERT INTO likeness VALUES(6,'selu',0.99260870304337889269);
INSERT INTO likeness VALUES(6,'sigmoid',0.99999999999999977795);
INSERT INTO likeness VALUES(6,'softplus',0.95989430522002783252);
INSERT INTO likeness VALUES(6,'softsign',0.99999999999999988897);
INSERT INTO likeness VALUES(6,'squared_relu',0.78262940990982443612);
INSERT INTO likeness VALUES(6,'swish',0.89364384695241805278);
INSERT INTO likeness VALUES(6,'tanh',0.99999999999999977795);
INSERT INTO likeness VALUES(7,'elu',0.084397473016404975232);
INSERT INTO likeness VALUES(7,'gelu',0.14639429976951853773);
INSERT INTO likeness VALUES(7,'gelu_tanh',0.1463701653819097781);
INSERT INTO likeness VALUES(7,'hard_sigmoid',0.16588844582663556104);
INSERT INTO likeness VALUES(7,'hard_swish',0.070769097378900899797);
INSERT INTO likeness VALUES(7,'identity',0.16470666208326187329);
INSERT INTO likeness VALUES(7,'leaky_relu',0.15301490826905811415);
INSERT INTO likeness VALUES(7,'mish',0.056665864709173709157);
INSERT INTO likeness VALUES(7,'prelu',0.085121098550054632991);
INSERT INTO likeness VALUES(7,'relu',0.16045025106765054001);
INSERT INTO likeness VALUES(7,'relu6',0.16045025248332686618);
INSERT INTO likeness VALUES(7,'selu',0.12297096788898276287);
INSERT INTO likeness VALUES(7,'sigmoid',0.20623190839887722836);
INSERT INTO likeness VALUES(7,'softplus',9.6707087435864759828e-16);
INSERT INTO likeness VALUES(7,'softsign',0.30717898226988821219);
INSERT INTO likeness VALUES(7,'squared_relu',0.43047016657652148463);
INSERT INTO likeness VALUES(7,'swish',0.05638155909351329903);
INSERT INTO likeness VALUES(7,'tanh',0.30785082300269661637);
INSERT INTO likeness VALUES(8,'elu',0.10028500618476181294);
INSERT INTO likeness VALUES(8,'gelu',0.056339307579046885021);
INSERT INTO likeness VALUES(8,'gelu_tanh',0.056414585889257580497);
INSERT INTO likeness VALUES(8,'hard_sigmoid',0.30738143522486760517);
INSERT INTO likeness VALUES(8,'hard_swish',0.067425425831704230428);
INSERT INTO likeness VALUES(8,'identity',0.307216754174351514);
INSERT INTO likeness VALUES(8,'leaky_relu',0.060400201276122222893);
INSERT INTO likeness VALUES(8,'mish',0.0);
INSERT INTO likeness VALUES(8,'prelu',0.09356863580641150424);
INSERT INTO likeness VALUES(8,'relu',0.060159669672777138504);
INSERT INTO likeness VALUES(8,'relu6',0.060159669055463556308);
INSERT INTO likeness VALUES(8,'selu',0.21261153472622509874);
INSERT INTO likeness VALUES(8,'sigmoid',0.32460412333042004684);
INSERT INTO likeness VALUES(8,'softplus',0.030205262478347517929);
INSERT INTO likeness VALUES(8,'softsign',0.3886011842698216534);
INSERT INTO likeness VALUES(8,'squared_relu',0.41579163939059948784);
INSERT INTO likeness VALUES(8,'swish',0.041332739014941576038);
INSERT INTO likeness VALUES(8,'tanh',0.38852974065759476873);
CREATE INDEX evaluations_leaderboard
  ON evaluations (status, campaign_id, candidate_id, stage, seed, val_accuracy, test_accuracy);
CREATE INDEX evaluations_by_candidate ON evaluations (candidate_id);
CREATE INDEX campaign_candidates_by_candidate ON campaign_candidates (candidate_id);
CREATE VIEW leaderboard AS
WITH per_stage AS (
  SELECT campaign_id, candidate_id, stage, COUNT(val_accuracy) AS seeds, AVG(val_accuracy) AS mean,
         COUNT(test_accuracy) AS test_seeds, AVG(test_accuracy) AS test_mean
  FROM evaluations WHERE status = 'done'
  GROUP BY campaign_id, candidate_id, stage
), agg AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage, seeds, mean, test_seeds, test_mean
  FROM per_stage GROUP BY campaign_id, candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM((e.val_accuracy - a.mean) * (e.val_accuracy - a.mean)) / (a.seeds - 1)) END AS sd
  FROM agg a JOIN evaluations e
    ON e.status = 'done' AND e.campaign_id = a.campaign_id AND e.candidate_id = a.candidate_id
       AND e.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
)
SELECT
  ROW_NUMBER() OVER (PARTITION BY a.campaign_id
                     ORDER BY (a.mean - cc.penalty) IS NULL, a.stage DESC, a.mean - cc.penalty DESC,
                              a.candidate_id) AS rank,
  c.name AS campaign,
  a.campaign_id,
  a.candidate_id,
  k.expr,
  cc.origin = 'baseline' AS baseline,
  cc.baseline_name,
  a.stage,
  a.seeds,
  a.mean,
  s.sd,
  cc.penalty,
  a.mean - cc.penalty AS fitness,
  a.test_seeds,
  a.test_mean,
  k.nearest,
  k.nearest_distance,
  k.complexity,
  cc.status
FROM agg a
JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
JOIN candidates k ON k.id = a.candidate_id
JOIN campaigns c ON c.id = a.campaign_id
WHERE cc.status <> 'rejected';
COMMIT;
PRAGMA application_id = 1094931539;
PRAGMA user_version = 3;

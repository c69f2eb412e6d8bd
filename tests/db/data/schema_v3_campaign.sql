-- A campaign database written by actsearch at schema version 3 (commit 5c7aaa6, before records were
-- mapped by column name): 'actsearch run' of the CLI test's list campaign plus a constant and exp(x),
-- then 'sqlite3 .dump'. user_version and application_id are not part of a dump; the test sets them.
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
INSERT INTO campaigns VALUES(1,'full',replace('name: full\ndatabase: compat.db\nseed: 11\nworkers: 2\ntask: /tmp/wt/db/configs/tasks/spirals-small.yaml\nstrategy:\n  kind: list\n  batch: 2\n  expressions: [tanh(x), ''max(x, sin(x))'', x*sigmoid(beta*x), softsign(x), ''atan(x)^2 - x'', elu(x), ''min(x, sin(x))'', ''x - x'', ''exp(x)'']\nfidelity:\n  rungs:\n    - {train_examples: 800, epochs: 3, seeds: 2}\n  final: {top: 3, seeds: 3, epochs: 6}\nbaselines: [relu, swish, gelu]\n','\n',char(10)),'370cd7f5521d078a',11,'2026-12-01T19:40:55.194Z','2026-12-01T19:40:57.217Z','done');
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
INSERT INTO candidates VALUES(1,'c967178dc0ced7a2','relu(x)','\operatorname{relu}\left(x\right)',2,1,'relu',0.0,'2026-12-01T19:40:55.288Z');
INSERT INTO candidates VALUES(2,'426a97d232ba51f7','silu(x)','\operatorname{SiLU}\left(x\right)',2,1,'swish',0.0,'2026-12-01T19:40:55.306Z');
INSERT INTO candidates VALUES(3,'3ece5fae55b7e932','gelu(x)','\operatorname{GELU}\left(x\right)',2,1,'gelu',0.0,'2026-12-01T19:40:55.348Z');
INSERT INTO candidates VALUES(4,'69f68e41cd6bcfcd','tanh(x)','\tanh\left(x\right)',2,1,'tanh',0.0,'2026-12-01T19:40:55.395Z');
INSERT INTO candidates VALUES(5,'8b781ca8203da288','max(x, sin(x))','\max\left(x, \sin\left(x\right)\right)',4,1,'selu',0.055374781457664806749,'2026-12-01T19:40:55.431Z');
INSERT INTO candidates VALUES(6,'e78162fa7be8c2af','x*sigmoid(beta*x)','x \cdot \sigma\left(\beta \cdot x\right)',6,1,'swish',0.0,'2026-12-01T19:40:55.568Z');
INSERT INTO candidates VALUES(7,'3497e0c79cb0fcef','softsign(x)','\operatorname{softsign}\left(x\right)',2,1,'softsign',0.0,'2026-12-01T19:40:55.606Z');
INSERT INTO candidates VALUES(8,'4a0155da2c3b07dc','atan(x)^2 - x','\arctan\left(x\right)^{2} - x',6,1,'hard_sigmoid',0.27561804537457307295,'2026-12-01T19:40:55.708Z');
INSERT INTO candidates VALUES(9,'e2d7c74df69d454e','elu(x)','\operatorname{elu}\left(x\right)',2,1,'elu',0.0,'2026-12-01T19:40:55.747Z');
INSERT INTO candidates VALUES(10,'884611b80b933637','min(x, sin(x))','\min\left(x, \sin\left(x\right)\right)',4,1,'hard_sigmoid',0.082139770695749583784,'2026-12-01T19:40:55.915Z');
INSERT INTO candidates VALUES(11,'52ce0e1bcc8e54ce','0','0',1,1,'relu',1.0,'2026-12-01T19:40:55.926Z');
INSERT INTO candidates VALUES(12,'9d3ccb9590c9ba5e','exp(x)','e^{x}',2,1,'softplus',0.12078127214380157683,'2026-12-01T19:40:55.975Z');
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
INSERT INTO probes VALUES(3,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(3,'dead_fraction',2.0893801462812340778e-12);
INSERT INTO probes VALUES(3,'forward_variance_ratio',24.62249581146412325);
INSERT INTO probes VALUES(3,'gradient_norm_ratio',153.26861584031658481);
INSERT INTO probes VALUES(3,'max_slope',1.1289004492745291496);
INSERT INTO probes VALUES(3,'mean',0.28209479177387836168);
INSERT INTO probes VALUES(3,'mean_slope',0.50000000000000011102);
INSERT INTO probes VALUES(3,'near_linearity',0.72328752134052531896);
INSERT INTO probes VALUES(3,'non_finite',0.0);
INSERT INTO probes VALUES(3,'second_moment',0.42522148257029851459);
INSERT INTO probes VALUES(3,'slope_second_moment',0.4558508656492873956);
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
INSERT INTO probes VALUES(6,'forward_variance_ratio',26631.89805011698263);
INSERT INTO probes VALUES(6,'gradient_norm_ratio',5378392.4622237263245);
INSERT INTO probes VALUES(6,'max_slope',1.099839301230522981);
INSERT INTO probes VALUES(6,'mean',0.20662096414190725401);
INSERT INTO probes VALUES(6,'mean_slope',0.49999999999999972244);
INSERT INTO probes VALUES(6,'near_linearity',0.79850954170977461732);
INSERT INTO probes VALUES(6,'non_finite',0.0);
INSERT INTO probes VALUES(6,'second_moment',0.3557755198173518929);
INSERT INTO probes VALUES(6,'slope_second_moment',0.37948235163282950654);
INSERT INTO probes VALUES(7,'curvature_sign_changes',1.0);
INSERT INTO probes VALUES(7,'dead_fraction',0.0);
INSERT INTO probes VALUES(7,'forward_variance_ratio',1.2479623317260239989);
INSERT INTO probes VALUES(7,'gradient_norm_ratio',40569.933534699179288);
INSERT INTO probes VALUES(7,'max_slope',1.0);
INSERT INTO probes VALUES(7,'mean',3.6791079050023991221e-17);
INSERT INTO probes VALUES(7,'mean_slope',0.41275510033918327845);
INSERT INTO probes VALUES(7,'near_linearity',0.93089464772691699057);
INSERT INTO probes VALUES(7,'non_finite',0.0);
INSERT INTO probes VALUES(7,'second_moment',0.18301402126654747748);
INSERT INTO probes VALUES(7,'slope_second_moment',0.22767134042218248324);
INSERT INTO probes VALUES(8,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(8,'dead_fraction',0.0);
INSERT INTO probes VALUES(8,'forward_variance_ratio',0.12735537087983106463);
INSERT INTO probes VALUES(8,'gradient_norm_ratio',1.009605568056616498);
INSERT INTO probes VALUES(8,'max_slope',1.8238793621588231808);
INSERT INTO probes VALUES(8,'mean',0.44970091643490134325);
INSERT INTO probes VALUES(8,'mean_slope',-0.99999999999999988897);
INSERT INTO probes VALUES(8,'near_linearity',0.86436348101723037284);
INSERT INTO probes VALUES(8,'non_finite',0.0);
INSERT INTO probes VALUES(8,'second_moment',1.3591516101782548098);
INSERT INTO probes VALUES(8,'slope_second_moment',1.4038034979871141239);
INSERT INTO probes VALUES(9,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(9,'dead_fraction',0.0);
INSERT INTO probes VALUES(9,'forward_variance_ratio',1.214292612535920357);
INSERT INTO probes VALUES(9,'gradient_norm_ratio',9.5048756868785329032);
INSERT INTO probes VALUES(9,'max_slope',1.0);
INSERT INTO probes VALUES(9,'mean',0.16052057226655591648);
INSERT INTO probes VALUES(9,'mean_slope',0.76157829186512315811);
INSERT INTO probes VALUES(9,'near_linearity',0.93672734967022219798);
INSERT INTO probes VALUES(9,'non_finite',0.0);
INSERT INTO probes VALUES(9,'second_moment',0.64494541749292511045);
INSERT INTO probes VALUES(9,'slope_second_moment',0.66810200122317031645);
INSERT INTO probes VALUES(10,'curvature_sign_changes',3.0);
INSERT INTO probes VALUES(10,'dead_fraction',0.0);
INSERT INTO probes VALUES(10,'forward_variance_ratio',1.0410326836819745466);
INSERT INTO probes VALUES(10,'gradient_norm_ratio',96.175059357175967985);
INSERT INTO probes VALUES(10,'max_slope',1.0);
INSERT INTO probes VALUES(10,'mean',-0.10979750917931350995);
INSERT INTO probes VALUES(10,'mean_slope',0.80326532985631704519);
INSERT INTO probes VALUES(10,'near_linearity',0.91638318068990598508);
INSERT INTO probes VALUES(10,'non_finite',0.0);
INSERT INTO probes VALUES(10,'second_moment',0.7161661791908470187);
INSERT INTO probes VALUES(10,'slope_second_moment',0.78383382080915264822);
INSERT INTO probes VALUES(11,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(11,'dead_fraction',1.0);
INSERT INTO probes VALUES(11,'forward_variance_ratio',NULL);
INSERT INTO probes VALUES(11,'gradient_norm_ratio',NULL);
INSERT INTO probes VALUES(11,'max_slope',0.0);
INSERT INTO probes VALUES(11,'mean',0.0);
INSERT INTO probes VALUES(11,'mean_slope',0.0);
INSERT INTO probes VALUES(11,'near_linearity',1.0);
INSERT INTO probes VALUES(11,'non_finite',0.0);
INSERT INTO probes VALUES(11,'second_moment',0.0);
INSERT INTO probes VALUES(11,'slope_second_moment',0.0);
INSERT INTO probes VALUES(12,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(12,'dead_fraction',0.0);
INSERT INTO probes VALUES(12,'forward_variance_ratio',1e999);
INSERT INTO probes VALUES(12,'gradient_norm_ratio',NULL);
INSERT INTO probes VALUES(12,'max_slope',5.1847055285870720449e+21);
INSERT INTO probes VALUES(12,'mean',1.64872127070012775);
INSERT INTO probes VALUES(12,'mean_slope',1.64872127070012775);
INSERT INTO probes VALUES(12,'near_linearity',0.58197670686932667649);
INSERT INTO probes VALUES(12,'non_finite',0.0);
INSERT INTO probes VALUES(12,'second_moment',7.3890560989306504069);
INSERT INTO probes VALUES(12,'slope_second_moment',7.3890560989306504069);
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
INSERT INTO campaign_candidates VALUES(1,3,'baseline','gelu',2,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,4,'list',NULL,3,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,5,'list',NULL,4,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,6,'list',NULL,5,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,7,'list',NULL,6,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,8,'list',NULL,7,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,9,'list',NULL,8,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,10,'list',NULL,9,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,11,'list',NULL,10,'rejected','constant: the same value everywhere',0.0);
INSERT INTO campaign_candidates VALUES(1,12,'list',NULL,11,'rejected','max_slope=5.185e+21 > max 1000; forward_variance_ratio=inf is not finite; gradient_norm_ratio=nan is not finite',0.0);
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
INSERT INTO evaluations VALUES(1,1,1,0,5233464918943260,'done',800,3,0.72199999999999997513,0.49076328622908016452,0.5155599802513084473,NULL,NULL,0.0018680660000000000407,39,'[{"epoch":1,"seconds":0.000813213,"train_loss":0.8508163318970502,"val_accuracy":0.602,"val_loss":0.6838403413109353},{"epoch":2,"seconds":0.000461519,"train_loss":0.5907378721077091,"val_accuracy":0.732,"val_loss":0.5371420664913424},{"epoch":3,"seconds":0.000452235,"train_loss":0.5155599802513084,"val_accuracy":0.722,"val_loss":0.49076328622908016}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.435Z');
INSERT INTO evaluations VALUES(2,1,1,0,8539409710982040,'done',800,3,0.615999999999999992,0.51891234290927279459,0.54127178481639814933,NULL,NULL,0.015860605999999999315,39,'[{"epoch":1,"seconds":0.000640876,"train_loss":0.6796237645133014,"val_accuracy":0.534,"val_loss":0.6931200776178575},{"epoch":2,"seconds":0.000453366,"train_loss":0.610717572817058,"val_accuracy":0.57,"val_loss":0.5523263413068636},{"epoch":3,"seconds":0.014634417,"train_loss":0.5412717848163981,"val_accuracy":0.616,"val_loss":0.5189123429092728}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.451Z');
INSERT INTO evaluations VALUES(3,1,2,0,5233464918943260,'done',800,3,0.97799999999999998046,0.2084397300560125732,0.2416675016309167423,NULL,NULL,0.010787669999999999204,39,'[{"epoch":1,"seconds":0.000993452,"train_loss":0.7612267428832642,"val_accuracy":0.658,"val_loss":0.47319410825188063},{"epoch":2,"seconds":0.008889348,"train_loss":0.3763584433340538,"val_accuracy":0.964,"val_loss":0.25132355388096544},{"epoch":3,"seconds":0.000766473,"train_loss":0.24166750163091674,"val_accuracy":0.978,"val_loss":0.20843973005601257}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.462Z');
INSERT INTO evaluations VALUES(4,1,2,0,8539409710982040,'done',800,3,0.95599999999999996092,0.17099396548541390128,0.19548357838545243891,NULL,NULL,0.014632324000000000371,39,'[{"epoch":1,"seconds":0.000833893,"train_loss":0.5993409662811575,"val_accuracy":0.712,"val_loss":0.5147744504234075},{"epoch":2,"seconds":0.000760584,"train_loss":0.34605919688182013,"val_accuracy":0.946,"val_loss":0.21691312657517609},{"epoch":3,"seconds":0.012904908,"train_loss":0.19548357838545244,"val_accuracy":0.956,"val_loss":0.1709939654854139}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.477Z');
INSERT INTO evaluations VALUES(5,1,3,0,5233464918943260,'done',800,3,0.98599999999999998756,0.24721858914909600191,0.28426383840583013817,NULL,NULL,0.0221679229999999991,39,'[{"epoch":1,"seconds":0.002040524,"train_loss":0.8000933948773026,"val_accuracy":0.672,"val_loss":0.5386424994454796},{"epoch":2,"seconds":0.018018114,"train_loss":0.42923399612215735,"val_accuracy":0.938,"val_loss":0.3024112451070499},{"epoch":3,"seconds":0.001970109,"train_loss":0.28426383840583014,"val_accuracy":0.986,"val_loss":0.247218589149096}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.499Z');
INSERT INTO evaluations VALUES(6,1,3,0,8539409710982040,'done',800,3,0.96399999999999996802,0.19389197948154759942,0.21629750665758937233,NULL,NULL,0.014353967999999999935,39,'[{"epoch":1,"seconds":0.002284137,"train_loss":0.603258539865526,"val_accuracy":0.722,"val_loss":0.573850059816156},{"epoch":2,"seconds":0.009999585,"train_loss":0.39251927716801416,"val_accuracy":0.936,"val_loss":0.24952886987297096},{"epoch":3,"seconds":0.001907655,"train_loss":0.21629750665758937,"val_accuracy":0.964,"val_loss":0.1938919794815476}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.455Z');
INSERT INTO evaluations VALUES(7,1,4,0,5233464918943260,'done',800,3,0.98199999999999998401,0.18665917549832958255,0.21261483602499006706,NULL,NULL,0.032020088000000002104,39,'[{"epoch":1,"seconds":0.014721968,"train_loss":0.693154577510425,"val_accuracy":0.816,"val_loss":0.4636307663695879},{"epoch":2,"seconds":0.014613516,"train_loss":0.3474223375410685,"val_accuracy":0.974,"val_loss":0.22459232610061805},{"epoch":3,"seconds":0.002551405,"train_loss":0.21261483602499007,"val_accuracy":0.982,"val_loss":0.18665917549832958}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.487Z');
INSERT INTO evaluations VALUES(8,1,4,0,8539409710982040,'done',800,3,0.97999999999999998223,0.16533201433089936283,0.1939766935210526233,NULL,NULL,0.040865029999999996634,39,'[{"epoch":1,"seconds":0.01886004,"train_loss":0.6121830822618602,"val_accuracy":0.872,"val_loss":0.4264980382072337},{"epoch":2,"seconds":0.019394677,"train_loss":0.32545846653765054,"val_accuracy":0.974,"val_loss":0.20514865554193662},{"epoch":3,"seconds":0.002476113,"train_loss":0.19397669352105262,"val_accuracy":0.98,"val_loss":0.16533201433089936}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.528Z');
INSERT INTO evaluations VALUES(9,1,5,0,5233464918943260,'done',800,3,0.98999999999999999111,0.066044167399716746658,0.090783900758192412339,NULL,NULL,0.029561429999999999651,39,'[{"epoch":1,"seconds":0.00956078,"train_loss":0.7247125004357626,"val_accuracy":0.942,"val_loss":0.1762024678112712},{"epoch":2,"seconds":0.001909288,"train_loss":0.15454448845367683,"val_accuracy":0.978,"val_loss":0.08283069687869452},{"epoch":3,"seconds":0.017956983,"train_loss":0.09078390075819241,"val_accuracy":0.99,"val_loss":0.06604416739971675}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.529Z');
INSERT INTO evaluations VALUES(10,1,5,0,8539409710982040,'done',800,3,0.99199999999999999289,0.057954424826705715212,0.077672165522472635945,NULL,NULL,0.010646759999999999904,39,'[{"epoch":1,"seconds":0.001941926,"train_loss":0.5453444174306089,"val_accuracy":0.934,"val_loss":0.2219134182072728},{"epoch":2,"seconds":0.006035451,"train_loss":0.14632778683709102,"val_accuracy":0.972,"val_loss":0.09862058437226408},{"epoch":3,"seconds":0.001860024,"train_loss":0.07767216552247264,"val_accuracy":0.992,"val_loss":0.057954424826705715}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.539Z');
INSERT INTO evaluations VALUES(11,1,6,0,5233464918943260,'done',800,3,0.97799999999999998046,0.20244749847101473072,0.23516833191527403146,NULL,NULL,0.012276008999999999185,39,'[{"epoch":1,"seconds":0.010102308,"train_loss":0.7604460822158134,"val_accuracy":0.666,"val_loss":0.46851662976714353},{"epoch":2,"seconds":0.000866333,"train_loss":0.3696303007698028,"val_accuracy":0.974,"val_loss":0.24442865866515087},{"epoch":3,"seconds":0.001110616,"train_loss":0.23516833191527403,"val_accuracy":0.978,"val_loss":0.20244749847101473}]','[[0.9169263243675232],[0.9052489995956421]]','','cpu(2 threads)','2026-12-01T19:40:55.619Z');
INSERT INTO evaluations VALUES(12,1,6,0,8539409710982040,'done',800,3,0.95599999999999996092,0.1664267665055108869,0.19043565332311510052,NULL,NULL,0.0074252249999999997073,39,'[{"epoch":1,"seconds":0.005362988,"train_loss":0.5993958536961621,"val_accuracy":0.718,"val_loss":0.5139229011063455},{"epoch":2,"seconds":0.00101289,"train_loss":0.3425751344869349,"val_accuracy":0.946,"val_loss":0.21115212665987346},{"epoch":3,"seconds":0.000877969,"train_loss":0.1904356533231151,"val_accuracy":0.956,"val_loss":0.1664267665055109}]','[[0.9321297407150269],[0.8734431862831116]]','','cpu(2 threads)','2026-12-01T19:40:55.627Z');
INSERT INTO evaluations VALUES(13,1,7,0,5233464918943260,'done',800,3,0.87399999999999999911,0.53266310603686084501,0.56640342336954230262,NULL,NULL,0.012631198999999999205,39,'[{"epoch":1,"seconds":0.009626959,"train_loss":0.7057512250008573,"val_accuracy":0.518,"val_loss":0.6576772364147876},{"epoch":2,"seconds":0.001417064,"train_loss":0.6342688129008014,"val_accuracy":0.656,"val_loss":0.5778884683010163},{"epoch":3,"seconds":0.001431395,"train_loss":0.5664034233695423,"val_accuracy":0.874,"val_loss":0.5326631060368608}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.640Z');
INSERT INTO evaluations VALUES(14,1,7,0,8539409710982040,'done',800,3,0.93000000000000004884,0.48733248958605446254,0.50486635035442883889,NULL,NULL,0.0082855080000000004558,39,'[{"epoch":1,"seconds":0.005347236,"train_loss":0.6693421575683116,"val_accuracy":0.566,"val_loss":0.6654873601536925},{"epoch":2,"seconds":0.001282492,"train_loss":0.5867952183071141,"val_accuracy":0.76,"val_loss":0.5457869471764001},{"epoch":3,"seconds":0.001446938,"train_loss":0.5048663503544288,"val_accuracy":0.93,"val_loss":0.48733248958605446}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.653Z');
INSERT INTO evaluations VALUES(15,1,8,0,5233464918943260,'done',800,3,0.99799999999999999822,0.17605443304406132032,0.20237741752962407071,NULL,NULL,0.030071271000000000112,39,'[{"epoch":1,"seconds":0.00655733,"train_loss":0.9237784985188733,"val_accuracy":0.708,"val_loss":0.6149694172873108},{"epoch":2,"seconds":0.008607267,"train_loss":0.3852211535249094,"val_accuracy":0.984,"val_loss":0.20159212167121998},{"epoch":3,"seconds":0.014700866,"train_loss":0.20237741752962407,"val_accuracy":0.998,"val_loss":0.17605443304406132}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.778Z');
INSERT INTO evaluations VALUES(16,1,8,0,8539409710982040,'done',800,3,0.94799999999999995381,0.25456750533338634578,0.29189888000363967135,NULL,NULL,0.035905613000000002887,39,'[{"epoch":1,"seconds":0.018725018,"train_loss":0.914622858435132,"val_accuracy":0.666,"val_loss":0.7437283211627463},{"epoch":2,"seconds":0.002479478,"train_loss":0.5023395365386062,"val_accuracy":0.87,"val_loss":0.32609792496284695},{"epoch":3,"seconds":0.014486226,"train_loss":0.29189888000363967,"val_accuracy":0.948,"val_loss":0.25456750533338635}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.814Z');
INSERT INTO evaluations VALUES(17,1,9,0,5233464918943260,'done',800,3,0.97599999999999997868,0.28786680190098767884,0.31619858550790380657,NULL,NULL,0.021591934000000000126,39,'[{"epoch":1,"seconds":0.018414425,"train_loss":0.8537084175160174,"val_accuracy":0.732,"val_loss":0.5154104013424634},{"epoch":2,"seconds":0.001559446,"train_loss":0.45350696090011483,"val_accuracy":0.928,"val_loss":0.33278223033722304},{"epoch":3,"seconds":0.001446668,"train_loss":0.3161985855079038,"val_accuracy":0.976,"val_loss":0.2878668019009877}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.836Z');
INSERT INTO evaluations VALUES(18,1,9,0,8539409710982040,'done',800,3,0.94799999999999995381,0.28832385425831946745,0.32137942363988869498,NULL,NULL,0.021234389999999998821,39,'[{"epoch":1,"seconds":0.001809178,"train_loss":0.6965223290175442,"val_accuracy":0.76,"val_loss":0.5673669169159391},{"epoch":2,"seconds":0.001525785,"train_loss":0.45292704330533984,"val_accuracy":0.94,"val_loss":0.34424015577650796},{"epoch":3,"seconds":0.009648821,"train_loss":0.3213794236398887,"val_accuracy":0.948,"val_loss":0.28832385425831947}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.858Z');
INSERT INTO evaluations VALUES(19,1,11,0,0,'rejected',0,0,NULL,NULL,NULL,NULL,NULL,0.0,0,'[]','[]','constant: the same value everywhere','','2026-12-01T19:40:55.926Z');
INSERT INTO evaluations VALUES(20,1,10,0,5233464918943260,'done',800,3,0.98199999999999998401,0.073072362734531298711,0.10210538849118032389,NULL,NULL,0.019338542999999999705,39,'[{"epoch":1,"seconds":0.011248447,"train_loss":0.7258335601297194,"val_accuracy":0.926,"val_loss":0.21177451340260686},{"epoch":2,"seconds":0.001953613,"train_loss":0.1815812343322929,"val_accuracy":0.966,"val_loss":0.09655100915134793},{"epoch":3,"seconds":0.005993008,"train_loss":0.10210538849118032,"val_accuracy":0.982,"val_loss":0.0730723627345313}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.946Z');
INSERT INTO evaluations VALUES(21,1,10,0,8539409710982040,'done',800,3,0.99199999999999999289,0.067120640417292334878,0.088152394151479518402,NULL,NULL,0.010131571000000000673,39,'[{"epoch":1,"seconds":0.002061775,"train_loss":0.5886335961886805,"val_accuracy":0.924,"val_loss":0.2533198484980442},{"epoch":2,"seconds":0.006058236,"train_loss":0.17275432975655622,"val_accuracy":0.992,"val_loss":0.08820945213312847},{"epoch":3,"seconds":0.001873324,"train_loss":0.08815239415147952,"val_accuracy":0.992,"val_loss":0.06712064041729233}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:55.956Z');
INSERT INTO evaluations VALUES(22,1,12,0,0,'rejected',0,0,NULL,NULL,NULL,NULL,NULL,0.0,0,'[]','[]','max_slope=5.185e+21 > max 1000; forward_variance_ratio=inf is not finite; gradient_norm_ratio=nan is not finite','','2026-12-01T19:40:55.975Z');
INSERT INTO evaluations VALUES(23,1,5,1,5431043885878458,'done',0,6,1.0,0.0048803169499588268734,0.0089243784282713092131,0.99799999999999999822,0.0096048659138755366343,0.058225752999999998149,192,'[{"epoch":1,"seconds":0.0125041,"train_loss":0.369048168046563,"val_accuracy":0.982,"val_loss":0.06533194603978756},{"epoch":2,"seconds":0.008278066,"train_loss":0.04448470535802337,"val_accuracy":0.998,"val_loss":0.015841033764587804},{"epoch":3,"seconds":0.008358376,"train_loss":0.018100418146953262,"val_accuracy":1.0,"val_loss":0.007639457666623919},{"epoch":4,"seconds":0.00824003,"train_loss":0.011473774698614304,"val_accuracy":1.0,"val_loss":0.0059904205466987225},{"epoch":5,"seconds":0.011560693,"train_loss":0.009562655846727545,"val_accuracy":1.0,"val_loss":0.004945030992957805},{"epoch":6,"seconds":0.00812614,"train_loss":0.00892437842827131,"val_accuracy":1.0,"val_loss":0.004880316949958827}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.039Z');
INSERT INTO evaluations VALUES(24,1,5,1,3673847281428514,'done',0,6,1.0,0.0022859032496015474836,0.004324838948628659252,0.99899999999999999911,0.0042894583410204266404,0.060346015000000002848,192,'[{"epoch":1,"seconds":0.012543228,"train_loss":0.2869134142355686,"val_accuracy":0.996,"val_loss":0.06208151904860955},{"epoch":2,"seconds":0.013896887,"train_loss":0.02880088605905363,"val_accuracy":1.0,"val_loss":0.008549643166543133},{"epoch":3,"seconds":0.0082534,"train_loss":0.00914494509027906,"val_accuracy":1.0,"val_loss":0.004046280331921597},{"epoch":4,"seconds":0.008152519,"train_loss":0.005807160527025902,"val_accuracy":1.0,"val_loss":0.0024831318590901224},{"epoch":5,"seconds":0.012275328,"train_loss":0.0046153921690512845,"val_accuracy":1.0,"val_loss":0.0021978134128753306},{"epoch":6,"seconds":0.004091181,"train_loss":0.004324838948628659,"val_accuracy":1.0,"val_loss":0.0022859032496015475}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.100Z');
INSERT INTO evaluations VALUES(25,1,5,1,6605307912890320,'done',0,6,1.0,0.0045531683539866609627,0.0076308805310736438701,0.99799999999999999822,0.0080300363111342545896,0.069528320000000004563,192,'[{"epoch":1,"seconds":0.016633359,"train_loss":0.48811351319011115,"val_accuracy":0.99,"val_loss":0.1012339418332992},{"epoch":2,"seconds":0.011943193,"train_loss":0.04653859853742111,"val_accuracy":1.0,"val_loss":0.014284045900822478},{"epoch":3,"seconds":0.008273249,"train_loss":0.015258970619641344,"val_accuracy":1.0,"val_loss":0.006943681515979884},{"epoch":4,"seconds":0.012307376,"train_loss":0.009750528109365024,"val_accuracy":1.0,"val_loss":0.005063834805190069},{"epoch":5,"seconds":0.010977432,"train_loss":0.00809847863032548,"val_accuracy":1.0,"val_loss":0.004477683234188455},{"epoch":6,"seconds":0.008275053,"train_loss":0.007630880531073644,"val_accuracy":1.0,"val_loss":0.004553168353986661}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.170Z');
INSERT INTO evaluations VALUES(26,1,10,1,5431043885878458,'done',0,6,1.0,0.0047969238954618373046,0.0086608969280102410942,0.99799999999999999822,0.0091780468652025992692,0.068572414999999997675,192,'[{"epoch":1,"seconds":0.014292938,"train_loss":0.3595460944690243,"val_accuracy":0.992,"val_loss":0.06230134997973389},{"epoch":2,"seconds":0.007718963,"train_loss":0.04300859800737393,"val_accuracy":0.996,"val_loss":0.014854684022729221},{"epoch":3,"seconds":0.012297792,"train_loss":0.01703998639968654,"val_accuracy":1.0,"val_loss":0.007672234411593397},{"epoch":4,"seconds":0.01243706,"train_loss":0.01124933282725392,"val_accuracy":1.0,"val_loss":0.006071337679447908},{"epoch":5,"seconds":0.004315287,"train_loss":0.009285841468755437,"val_accuracy":1.0,"val_loss":0.004889706481673241},{"epoch":6,"seconds":0.016360882,"train_loss":0.008660896928010241,"val_accuracy":1.0,"val_loss":0.004796923895461837}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.239Z');
INSERT INTO evaluations VALUES(27,1,10,1,3673847281428514,'done',0,6,1.0,0.0020261492940249407716,0.0038713326305457942955,0.99899999999999999911,0.0039306229122906509443,0.072237191000000006146,192,'[{"epoch":1,"seconds":0.008478165,"train_loss":0.2787056242425397,"val_accuracy":0.996,"val_loss":0.05403183831514674},{"epoch":2,"seconds":0.017629334,"train_loss":0.026322535613317963,"val_accuracy":1.0,"val_loss":0.006661473567822118},{"epoch":3,"seconds":0.008368842,"train_loss":0.007821432238797481,"val_accuracy":1.0,"val_loss":0.00322667805259611},{"epoch":4,"seconds":0.008822359,"train_loss":0.005112760974301654,"val_accuracy":1.0,"val_loss":0.002166474177155694},{"epoch":5,"seconds":0.022151038,"train_loss":0.004148295299165651,"val_accuracy":1.0,"val_loss":0.0019478316731582309},{"epoch":6,"seconds":0.005698359,"train_loss":0.0038713326305457943,"val_accuracy":1.0,"val_loss":0.0020261492940249408}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.312Z');
INSERT INTO evaluations VALUES(28,1,10,1,6605307912890320,'done',0,6,1.0,0.0044773942242077729991,0.0073599897240198119269,0.99799999999999999822,0.0075293718539067881409,0.074895355999999996265,192,'[{"epoch":1,"seconds":0.016853497,"train_loss":0.481833532420582,"val_accuracy":0.98,"val_loss":0.09409242955956099},{"epoch":2,"seconds":0.015526127,"train_loss":0.04592236555815956,"val_accuracy":1.0,"val_loss":0.014038899874151647},{"epoch":3,"seconds":0.008474089,"train_loss":0.014515331980712575,"val_accuracy":1.0,"val_loss":0.007175548676693731},{"epoch":4,"seconds":0.012255539,"train_loss":0.0093248031338545,"val_accuracy":1.0,"val_loss":0.00505619535745514},{"epoch":5,"seconds":0.008386428,"train_loss":0.007820809131443375,"val_accuracy":1.0,"val_loss":0.004416977350240735},{"epoch":6,"seconds":0.012290461,"train_loss":0.007359989724019812,"val_accuracy":1.0,"val_loss":0.004477394224207773}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.387Z');
INSERT INTO evaluations VALUES(29,1,4,1,5431043885878458,'done',0,6,0.99599999999999999644,0.018983609790790594712,0.029091396786633652582,0.99299999999999999378,0.031655810672242511161,0.099747220999999997026,192,'[{"epoch":1,"seconds":0.009343246,"train_loss":0.5626992265718228,"val_accuracy":0.882,"val_loss":0.32494873370444244},{"epoch":2,"seconds":0.025135829,"train_loss":0.14175751285610055,"val_accuracy":0.996,"val_loss":0.0487730719984186},{"epoch":3,"seconds":0.016237948,"train_loss":0.0636299767671992,"val_accuracy":0.994,"val_loss":0.043083429914729104},{"epoch":4,"seconds":0.0169562,"train_loss":0.04096579397457491,"val_accuracy":0.996,"val_loss":0.022796713027939123},{"epoch":5,"seconds":0.017006165,"train_loss":0.03241525434013878,"val_accuracy":0.996,"val_loss":0.01980093278185482},{"epoch":6,"seconds":0.013214429,"train_loss":0.029091396786633653,"val_accuracy":0.996,"val_loss":0.018983609790790595}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.487Z');
INSERT INTO evaluations VALUES(30,1,4,1,3673847281428514,'done',0,6,0.99799999999999999822,0.013280176998399348745,0.020459857915416782003,0.99599999999999999644,0.023047697514405225682,0.12960794900000000007,192,'[{"epoch":1,"seconds":0.029033253,"train_loss":0.4711600743638181,"val_accuracy":0.97,"val_loss":0.19808762857537526},{"epoch":2,"seconds":0.013466595,"train_loss":0.11094421190243876,"val_accuracy":0.98,"val_loss":0.06820280727225296},{"epoch":3,"seconds":0.009274283,"train_loss":0.0453405347690688,"val_accuracy":0.996,"val_loss":0.024905053076931808},{"epoch":4,"seconds":0.019455487,"train_loss":0.02850122456102332,"val_accuracy":0.996,"val_loss":0.018015405999185604},{"epoch":5,"seconds":0.025361877,"train_loss":0.023150358147044182,"val_accuracy":0.998,"val_loss":0.014512879148035134},{"epoch":6,"seconds":0.026927913,"train_loss":0.020459857915416782,"val_accuracy":0.998,"val_loss":0.013280176998399349}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.617Z');
INSERT INTO evaluations VALUES(31,1,4,1,6605307912890320,'done',0,6,0.99799999999999999822,0.013380998751998425186,0.020212550420280684521,0.99699999999999999733,0.022942125759846231786,0.11902825899999999736,192,'[{"epoch":1,"seconds":0.017546,"train_loss":0.5625042032758636,"val_accuracy":0.928,"val_loss":0.2982213420189353},{"epoch":2,"seconds":0.018982322,"train_loss":0.152817251325412,"val_accuracy":0.97,"val_loss":0.0813116637813958},{"epoch":3,"seconds":0.017154936,"train_loss":0.06679964754834879,"val_accuracy":0.996,"val_loss":0.02674142801574391},{"epoch":4,"seconds":0.008987635,"train_loss":0.03551653679321494,"val_accuracy":0.996,"val_loss":0.01601337249791387},{"epoch":5,"seconds":0.037376356,"train_loss":0.022166515446069367,"val_accuracy":0.998,"val_loss":0.013418245893264317},{"epoch":6,"seconds":0.017112363,"train_loss":0.020212550420280685,"val_accuracy":0.998,"val_loss":0.013380998751998425}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.736Z');
INSERT INTO evaluations VALUES(32,1,1,1,5431043885878458,'done',0,6,1.0,0.014412055066409901887,0.02199054662415714581,0.99699999999999999733,0.021698575705671418328,0.048506997000000003084,192,'[{"epoch":1,"seconds":0.001186229,"train_loss":0.6683905739099065,"val_accuracy":0.698,"val_loss":0.5579302290934841},{"epoch":2,"seconds":0.001041374,"train_loss":0.4117482271430394,"val_accuracy":0.988,"val_loss":0.19945003751786303},{"epoch":3,"seconds":0.001043326,"train_loss":0.11667632828079326,"val_accuracy":0.996,"val_loss":0.04444423851100302},{"epoch":4,"seconds":0.018523137,"train_loss":0.038971061671551545,"val_accuracy":0.998,"val_loss":0.026006504590810515},{"epoch":5,"seconds":0.001023807,"train_loss":0.026951836044056793,"val_accuracy":0.998,"val_loss":0.015946540497710077},{"epoch":6,"seconds":0.025185654,"train_loss":0.021990546624157146,"val_accuracy":1.0,"val_loss":0.014412055066409902}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.742Z');
INSERT INTO evaluations VALUES(33,1,1,1,3673847281428514,'done',0,6,1.0,0.0073502960117446617532,0.011865842067313827831,0.99799999999999999822,0.011798114018156070567,0.026737519000000001256,192,'[{"epoch":1,"seconds":0.001155053,"train_loss":0.6336086094800546,"val_accuracy":0.592,"val_loss":0.5963294436496968},{"epoch":2,"seconds":0.001046972,"train_loss":0.412897979559025,"val_accuracy":0.99,"val_loss":0.16553781448126775},{"epoch":3,"seconds":0.020719202,"train_loss":0.07542238790801513,"val_accuracy":0.998,"val_loss":0.024076863347925893},{"epoch":4,"seconds":0.001040211,"train_loss":0.02043825437665071,"val_accuracy":1.0,"val_loss":0.010083169639112257},{"epoch":5,"seconds":0.001037337,"train_loss":0.013323664655848435,"val_accuracy":1.0,"val_loss":0.007581979231289693},{"epoch":6,"seconds":0.001134512,"train_loss":0.011865842067313828,"val_accuracy":1.0,"val_loss":0.007350296011744662}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.785Z');
INSERT INTO evaluations VALUES(34,1,1,1,6605307912890320,'done',0,6,1.0,0.028563080543696120483,0.037949086136049622886,0.99399999999999999467,0.038747444613475026664,0.046390972000000002539,192,'[{"epoch":1,"seconds":0.012079406,"train_loss":0.7748234235372119,"val_accuracy":0.564,"val_loss":0.6084450388192943},{"epoch":2,"seconds":0.00103945,"train_loss":0.5080331456020813,"val_accuracy":0.93,"val_loss":0.3370170469827748},{"epoch":3,"seconds":0.001124147,"train_loss":0.22340426951464104,"val_accuracy":0.99,"val_loss":0.10003484636817088},{"epoch":4,"seconds":0.001057838,"train_loss":0.08393564050350386,"val_accuracy":0.998,"val_loss":0.040130563287962745},{"epoch":5,"seconds":0.029250147,"train_loss":0.04499252030182677,"val_accuracy":1.0,"val_loss":0.030047590817945433},{"epoch":6,"seconds":0.001227821,"train_loss":0.03794908613604962,"val_accuracy":1.0,"val_loss":0.02856308054369612}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.831Z');
INSERT INTO evaluations VALUES(35,1,2,1,5431043885878458,'done',0,6,1.0,0.010808658518316034691,0.018913452237635033914,0.99599999999999999644,0.020275206836911262991,0.079430108999999998742,192,'[{"epoch":1,"seconds":0.021970248,"train_loss":0.5073505807277977,"val_accuracy":0.958,"val_loss":0.22145970826025532},{"epoch":2,"seconds":0.001636141,"train_loss":0.12314326304222525,"val_accuracy":0.994,"val_loss":0.042118486729873915},{"epoch":3,"seconds":0.025942092,"train_loss":0.0470823113924688,"val_accuracy":0.996,"val_loss":0.0218626696987548},{"epoch":4,"seconds":0.001744772,"train_loss":0.027627586172961398,"val_accuracy":0.998,"val_loss":0.014563724322638423},{"epoch":5,"seconds":0.025777177,"train_loss":0.021488728897187254,"val_accuracy":1.0,"val_loss":0.011355945429731068},{"epoch":6,"seconds":0.001634919,"train_loss":0.018913452237635034,"val_accuracy":1.0,"val_loss":0.010808658518316035}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.911Z');
INSERT INTO evaluations VALUES(36,1,2,1,3673847281428514,'done',0,6,1.0,0.008526821855660551494,0.014741492484605402818,0.99699999999999999733,0.015720625139015630827,0.070890261999999995556,192,'[{"epoch":1,"seconds":0.001949788,"train_loss":0.4826541219917819,"val_accuracy":0.924,"val_loss":0.23574731227451262},{"epoch":2,"seconds":0.00177655,"train_loss":0.12400460285056876,"val_accuracy":0.996,"val_loss":0.04667414637056179},{"epoch":3,"seconds":0.021883769,"train_loss":0.04427143039768012,"val_accuracy":0.996,"val_loss":0.017876063442176886},{"epoch":4,"seconds":0.001643371,"train_loss":0.024190205222466146,"val_accuracy":0.998,"val_loss":0.010776987291386065},{"epoch":5,"seconds":0.017183078,"train_loss":0.016414969853548997,"val_accuracy":1.0,"val_loss":0.008740603284971959},{"epoch":6,"seconds":0.001595369,"train_loss":0.014741492484605403,"val_accuracy":1.0,"val_loss":0.008526821855660551}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.808Z');
INSERT INTO evaluations VALUES(37,1,2,1,6605307912890320,'done',0,6,0.99599999999999999644,0.019351614969649811454,0.030178539012176954642,0.99299999999999999378,0.031928096443888810684,0.07599835100000000565,192,'[{"epoch":1,"seconds":0.026102241,"train_loss":0.6552172672719037,"val_accuracy":0.844,"val_loss":0.3656563227049706},{"epoch":2,"seconds":0.001772925,"train_loss":0.18238302068446033,"val_accuracy":0.986,"val_loss":0.06486210882830465},{"epoch":3,"seconds":0.021860985,"train_loss":0.066257824124326,"val_accuracy":0.992,"val_loss":0.035916994503436626},{"epoch":4,"seconds":0.001789949,"train_loss":0.04246693235795024,"val_accuracy":0.996,"val_loss":0.02374776449698468},{"epoch":5,"seconds":0.021936137,"train_loss":0.033284143338108675,"val_accuracy":0.996,"val_loss":0.0198009880160358},{"epoch":6,"seconds":0.00177038,"train_loss":0.030178539012176955,"val_accuracy":0.996,"val_loss":0.01935161496964981}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:56.884Z');
INSERT INTO evaluations VALUES(38,1,3,1,5431043885878458,'done',0,6,1.0,0.0060302681811856585769,0.010300750371469012678,0.99799999999999999822,0.01107114935437682017,0.17461183099999999512,192,'[{"epoch":1,"seconds":0.023428964,"train_loss":0.5382244660268912,"val_accuracy":0.92,"val_loss":0.27292536766214426},{"epoch":2,"seconds":0.032314507,"train_loss":0.11573534377294238,"val_accuracy":0.998,"val_loss":0.025858470781638887},{"epoch":3,"seconds":0.038382167,"train_loss":0.025843881155515287,"val_accuracy":1.0,"val_loss":0.011011962389824305},{"epoch":4,"seconds":0.032640903,"train_loss":0.014603063960901622,"val_accuracy":1.0,"val_loss":0.007740143654936898},{"epoch":5,"seconds":0.023863212,"train_loss":0.011329924702727966,"val_accuracy":1.0,"val_loss":0.006284411184536089},{"epoch":6,"seconds":0.022383544,"train_loss":0.010300750371469013,"val_accuracy":1.0,"val_loss":0.006030268181185659}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:57.059Z');
INSERT INTO evaluations VALUES(39,1,3,1,3673847281428514,'done',0,6,1.0,0.002987764632408160953,0.0041306989275681502485,1.0,0.0038166416847576455084,0.18311284099999999841,192,'[{"epoch":1,"seconds":0.020125647,"train_loss":0.5132774787935166,"val_accuracy":0.934,"val_loss":0.2684887924049351},{"epoch":2,"seconds":0.020165557,"train_loss":0.11303713547971511,"val_accuracy":1.0,"val_loss":0.01908047799898},{"epoch":3,"seconds":0.024268686,"train_loss":0.013315571584749516,"val_accuracy":1.0,"val_loss":0.005227303860883453},{"epoch":4,"seconds":0.038698839,"train_loss":0.006028698404191872,"val_accuracy":1.0,"val_loss":0.0035834271784185617},{"epoch":5,"seconds":0.024949112,"train_loss":0.0044664673429388345,"val_accuracy":1.0,"val_loss":0.003010959149451287},{"epoch":6,"seconds":0.028413018,"train_loss":0.00413069892756815,"val_accuracy":1.0,"val_loss":0.002987764632408161}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:57.095Z');
INSERT INTO evaluations VALUES(40,1,3,1,6605307912890320,'done',0,6,1.0,0.0094825931603324080387,0.014502072542836004845,0.99799999999999999822,0.015245385695666698044,0.14949864500000001332,192,'[{"epoch":1,"seconds":0.037652118,"train_loss":0.6965399761230662,"val_accuracy":0.842,"val_loss":0.4366368417262776},{"epoch":2,"seconds":0.028185669,"train_loss":0.20456936404884052,"val_accuracy":0.994,"val_loss":0.051195969849838596},{"epoch":3,"seconds":0.024616195,"train_loss":0.0405668418885795,"val_accuracy":1.0,"val_loss":0.018343868023826673},{"epoch":4,"seconds":0.024567872,"train_loss":0.02094549788992968,"val_accuracy":1.0,"val_loss":0.01203128187732269},{"epoch":5,"seconds":0.012448187,"train_loss":0.0158255940042302,"val_accuracy":1.0,"val_loss":0.00965160272714381},{"epoch":6,"seconds":0.020412244,"train_loss":0.014502072542836005,"val_accuracy":1.0,"val_loss":0.009482593160332408}]','[[],[]]','','cpu(2 threads)','2026-12-01T19:40:57.217Z');
CREATE TABLE aliases (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  text         TEXT NOT NULL,
  UNIQUE (candidate_id, text)
);
INSERT INTO aliases VALUES(1,'relu(x)');
INSERT INTO aliases VALUES(2,'silu(x)');
INSERT INTO aliases VALUES(3,'gelu(x)');
INSERT INTO aliases VALUES(4,'tanh(x)');
INSERT INTO aliases VALUES(5,'max(x, sin(x))');
INSERT INTO aliases VALUES(6,'x*sigmoid(beta*x)');
INSERT INTO aliases VALUES(7,'softsign(x)');
INSERT INTO aliases VALUES(8,'atan(x)^2 - x');
INSERT INTO aliases VALUES(9,'elu(x)');
INSERT INTO aliases VALUES(10,'min(x, sin(x))');
INSERT INTO aliases VALUES(11,'0');
INSERT INTO aliases VALUES(11,'x - x');
INSERT INTO aliases VALUES(12,'exp(x)');
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
INSERT INTO likeness VALUES(3,'elu',0.20334853914061631896);
INSERT INTO likeness VALUES(3,'gelu',0.0);
INSERT INTO likeness VALUES(3,'gelu_tanh',0.00014137891626694729834);
INSERT INTO likeness VALUES(3,'hard_sigmoid',0.41599796488311824305);
INSERT INTO likeness VALUES(3,'hard_swish',0.036636116929102929828);
INSERT INTO likeness VALUES(3,'identity',0.4155984640653019313);
INSERT INTO likeness VALUES(3,'leaky_relu',0.054309121020747433417);
INSERT INTO likeness VALUES(3,'mish',0.047243773550749407208);
INSERT INTO likeness VALUES(3,'prelu',0.13105909771229865001);
INSERT INTO likeness VALUES(3,'relu',0.048092652366732595303);
INSERT INTO likeness VALUES(3,'relu6',0.04809265315408167013);
INSERT INTO likeness VALUES(3,'selu',0.31971740532424308689);
INSERT INTO likeness VALUES(3,'sigmoid',0.43106871438624932979);
INSERT INTO likeness VALUES(3,'softplus',0.14295201720937042444);
INSERT INTO likeness VALUES(3,'softsign',0.47946993147894395592);
INSERT INTO likeness VALUES(3,'squared_relu',0.37024024731479499017);
INSERT INTO likeness VALUES(3,'swish',0.0085824332308841490279);
INSERT INTO likeness VALUES(3,'tanh',0.47983620129232057438);
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
INSERT INTO likeness VALUES(6,'elu',0.10771921726802344276);
INSERT INTO likeness VALUES(6,'gelu',0.01054524394187425669);
INSERT INTO likeness VALUES(6,'gelu_tanh',0.010625108423423955048);
INSERT INTO likeness VALUES(6,'hard_sigmoid',0.3024836435818168967);
INSERT INTO likeness VALUES(6,'hard_swish',0.043024871986113266686);
INSERT INTO likeness VALUES(6,'identity',0.30187972020153308605);
INSERT INTO likeness VALUES(6,'leaky_relu',0.068213443000047890851);
INSERT INTO likeness VALUES(6,'mish',0.041727509262100982712);
INSERT INTO likeness VALUES(6,'prelu',0.10136582848014746849);
INSERT INTO likeness VALUES(6,'relu',0.065943517462870374079);
INSERT INTO likeness VALUES(6,'relu6',0.065943518875824821967);
INSERT INTO likeness VALUES(6,'selu',0.21346551151157866499);
INSERT INTO likeness VALUES(6,'sigmoid',0.32484046988838521929);
INSERT INTO likeness VALUES(6,'softplus',0.023117425829360976202);
INSERT INTO likeness VALUES(6,'softsign',0.39235067558012443056);
INSERT INTO likeness VALUES(6,'squared_relu',0.37424973191924554294);
INSERT INTO likeness VALUES(6,'swish',0.0);
INSERT INTO likeness VALUES(6,'tanh',0.3928422979409960658);
INSERT INTO likeness VALUES(7,'elu',0.25772188073652751993);
INSERT INTO likeness VALUES(7,'gelu',0.54877335634056245705);
INSERT INTO likeness VALUES(7,'gelu_tanh',0.5487806048745795806);
INSERT INTO likeness VALUES(7,'hard_sigmoid',0.17950998664761758094);
INSERT INTO likeness VALUES(7,'hard_swish',0.45305711518359659262);
INSERT INTO likeness VALUES(7,'identity',0.18381993523434275727);
INSERT INTO likeness VALUES(7,'leaky_relu',0.53275504450463417871);
INSERT INTO likeness VALUES(7,'mish',0.45946673813849930878);
INSERT INTO likeness VALUES(7,'prelu',0.38152899381653254673);
INSERT INTO likeness VALUES(7,'relu',0.53973393018318127634);
INSERT INTO likeness VALUES(7,'relu6',0.53973392779889983739);
INSERT INTO likeness VALUES(7,'selu',0.14787198013024466236);
INSERT INTO likeness VALUES(7,'sigmoid',0.073399801471312919876);
INSERT INTO likeness VALUES(7,'softplus',0.33219147143097510488);
INSERT INTO likeness VALUES(7,'softsign',0.0);
INSERT INTO likeness VALUES(7,'squared_relu',0.76189362582839625925);
INSERT INTO likeness VALUES(7,'swish',0.47798735435276318295);
INSERT INTO likeness VALUES(7,'tanh',0.046960973773008875264);
INSERT INTO likeness VALUES(8,'elu',0.48683860248702287565);
INSERT INTO likeness VALUES(8,'gelu',0.72673223305967182827);
INSERT INTO likeness VALUES(8,'gelu_tanh',0.7267226727495599281);
INSERT INTO likeness VALUES(8,'hard_sigmoid',0.27561804537457307295);
INSERT INTO likeness VALUES(8,'hard_swish',0.62669648251880161193);
INSERT INTO likeness VALUES(8,'identity',0.27494377281414439373);
INSERT INTO likeness VALUES(8,'leaky_relu',0.7197559518206324558);
INSERT INTO likeness VALUES(8,'mish',0.65462866746206838097);
INSERT INTO likeness VALUES(8,'prelu',0.57965946542001667296);
INSERT INTO likeness VALUES(8,'relu',0.72579937306122932483);
INSERT INTO likeness VALUES(8,'relu6',0.72579937271255712261);
INSERT INTO likeness VALUES(8,'selu',0.38167084320082350634);
INSERT INTO likeness VALUES(8,'sigmoid',0.30038316013680371741);
INSERT INTO likeness VALUES(8,'softplus',0.51343206813559083556);
INSERT INTO likeness VALUES(8,'softsign',0.37346415501082302901);
INSERT INTO likeness VALUES(8,'squared_relu',0.83628524482570609777);
INSERT INTO likeness VALUES(8,'swish',0.65833618786247927179);
INSERT INTO likeness VALUES(8,'tanh',0.3739894284092247223);
INSERT INTO likeness VALUES(9,'elu',0.0);
INSERT INTO likeness VALUES(9,'gelu',0.21995329588492040784);
INSERT INTO likeness VALUES(9,'gelu_tanh',0.21995814420829704061);
INSERT INTO likeness VALUES(9,'hard_sigmoid',0.15437673008881691583);
INSERT INTO likeness VALUES(9,'hard_swish',0.14762090454201778899);
INSERT INTO likeness VALUES(9,'identity',0.15543187599271993115);
INSERT INTO likeness VALUES(9,'leaky_relu',0.20999754628437869441);
INSERT INTO likeness VALUES(9,'mish',0.12124811056665871222);
INSERT INTO likeness VALUES(9,'prelu',0.10141864936981524747);
INSERT INTO likeness VALUES(9,'relu',0.21756609904804838362);
INSERT INTO likeness VALUES(9,'relu6',0.21756609770727275421);
INSERT INTO likeness VALUES(9,'selu',0.07060776725143898258);
INSERT INTO likeness VALUES(9,'sigmoid',0.16003468663356290591);
INSERT INTO likeness VALUES(9,'softplus',0.090504671495340707765);
INSERT INTO likeness VALUES(9,'softsign',0.25138538300200519159);
INSERT INTO likeness VALUES(9,'squared_relu',0.52161490467504201262);
INSERT INTO likeness VALUES(9,'swish',0.14902187034958527811);
INSERT INTO likeness VALUES(9,'tanh',0.25095048593148416848);
INSERT INTO likeness VALUES(10,'elu',0.30518184560557326534);
INSERT INTO likeness VALUES(10,'gelu',0.57992550692594158068);
INSERT INTO likeness VALUES(10,'gelu_tanh',0.57994035208838157213);
INSERT INTO likeness VALUES(10,'hard_sigmoid',0.082139770695749583784);
INSERT INTO likeness VALUES(10,'hard_swish',0.48427749106719919502);
INSERT INTO likeness VALUES(10,'identity',0.085469817435061004595);
INSERT INTO likeness VALUES(10,'leaky_relu',0.56093592804422220954);
INSERT INTO likeness VALUES(10,'mish',0.49703980601082159429);
INSERT INTO likeness VALUES(10,'prelu',0.39905174183359204409);
INSERT INTO likeness VALUES(10,'relu',0.56815674799999027477);
INSERT INTO likeness VALUES(10,'relu6',0.56815674485508860236);
INSERT INTO likeness VALUES(10,'selu',0.21068350809178409965);
INSERT INTO likeness VALUES(10,'sigmoid',0.10635461129955678383);
INSERT INTO likeness VALUES(10,'softplus',0.34876605520652315117);
INSERT INTO likeness VALUES(10,'softsign',0.2307913520444428157);
INSERT INTO likeness VALUES(10,'squared_relu',0.75692339085438609114);
INSERT INTO likeness VALUES(10,'swish',0.50849398244813681646);
INSERT INTO likeness VALUES(10,'tanh',0.22656830776797845516);
INSERT INTO likeness VALUES(11,'elu',1.0);
INSERT INTO likeness VALUES(11,'gelu',1.0);
INSERT INTO likeness VALUES(11,'gelu_tanh',1.0);
INSERT INTO likeness VALUES(11,'hard_sigmoid',1.0);
INSERT INTO likeness VALUES(11,'hard_swish',1.0);
INSERT INTO likeness VALUES(11,'identity',1.0);
INSERT INTO likeness VALUES(11,'leaky_relu',1.0);
INSERT INTO likeness VALUES(11,'mish',1.0);
INSERT INTO likeness VALUES(11,'prelu',1.0);
INSERT INTO likeness VALUES(11,'relu',1.0);
INSERT INTO likeness VALUES(11,'relu6',1.0);
INSERT INTO likeness VALUES(11,'selu',1.0);
INSERT INTO likeness VALUES(11,'sigmoid',1.0);
INSERT INTO likeness VALUES(11,'softplus',1.0);
INSERT INTO likeness VALUES(11,'softsign',1.0);
INSERT INTO likeness VALUES(11,'squared_relu',1.0);
INSERT INTO likeness VALUES(11,'swish',1.0);
INSERT INTO likeness VALUES(11,'tanh',1.0);
INSERT INTO likeness VALUES(12,'elu',0.20629310897827668469);
INSERT INTO likeness VALUES(12,'gelu',0.25407801160208559609);
INSERT INTO likeness VALUES(12,'gelu_tanh',0.25401015862659004351);
INSERT INTO likeness VALUES(12,'hard_sigmoid',0.34964509383474717818);
INSERT INTO likeness VALUES(12,'hard_swish',0.13901208906268996967);
INSERT INTO likeness VALUES(12,'identity',0.34611715350882338304);
INSERT INTO likeness VALUES(12,'leaky_relu',0.26607390019127091784);
INSERT INTO likeness VALUES(12,'mish',0.19958387284652515103);
INSERT INTO likeness VALUES(12,'prelu',0.16849680136424680099);
INSERT INTO likeness VALUES(12,'relu',0.2718194750108501867);
INSERT INTO likeness VALUES(12,'relu6',0.27181951255442737824);
INSERT INTO likeness VALUES(12,'selu',0.29018556654422150709);
INSERT INTO likeness VALUES(12,'sigmoid',0.39385465620026355315);
INSERT INTO likeness VALUES(12,'softplus',0.12078127214380157683);
INSERT INTO likeness VALUES(12,'softsign',0.46605417327693465789);
INSERT INTO likeness VALUES(12,'squared_relu',0.22564648491110370076);
INSERT INTO likeness VALUES(12,'swish',0.17578471460450434404);
INSERT INTO likeness VALUES(12,'tanh',0.46960788494567778927);
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

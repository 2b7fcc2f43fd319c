using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Messaging;

namespace ImageSaga.Vision.Consumers;

public sealed class DetectObjectsConsumerDefinition() : AnalysisStepConsumerDefinition<DetectObjectsConsumer>(ImageSagaEndpoints.DetectObjects);

public sealed class ClassifyImageConsumerDefinition() : AnalysisStepConsumerDefinition<ClassifyImageConsumer>(ImageSagaEndpoints.ClassifyImage);

public sealed class DetectFacesConsumerDefinition() : AnalysisStepConsumerDefinition<DetectFacesConsumer>(ImageSagaEndpoints.DetectFaces);

public sealed class ModerateContentConsumerDefinition() : AnalysisStepConsumerDefinition<ModerateContentConsumer>(ImageSagaEndpoints.ModerateContent);
